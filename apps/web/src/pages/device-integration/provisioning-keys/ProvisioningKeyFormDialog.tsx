import { useState } from 'react';
import type { FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { isApiError } from '../../../api/client';
import type { DeviceProfile } from '../../../api/devices';
import { createProvisioningKey } from '../../../api/provisioning-keys';
import type { ProvisioningKeyWithSecret } from '../../../api/provisioning-keys';
import { DepartmentSelect } from '../../../components/DepartmentSelect';
import { Dialog } from '../../../components/Dialog';
import { DivisionSelect } from '../../../components/DivisionSelect';
import { Field } from '../../../components/Field';
import { FormActions } from '../../../components/FormActions';
import { ProblemMessage } from '../../../components/ProblemMessage';
import { useCounties } from '../../../hooks/use-counties';
import type { FlatDepartment } from '../../../hooks/use-departments';
import { useFormSubmit } from '../../../hooks/use-form-submit';

interface Props {
  profiles: readonly DeviceProfile[];
  profileName: (id: string) => string;
  departments: readonly FlatDepartment[];
  onClose: () => void;
  onCreated: (created: ProvisioningKeyWithSecret) => void;
}

const wholeNumber = (text: string, min: number, max: number) => {
  const n = Number(text);
  return Number.isInteger(n) && n >= min && n <= max;
};

/** A key bound to a profile and a place within the creator's own scope (the server refuses others). */
export function ProvisioningKeyFormDialog({ profiles, profileName, departments, onClose, onCreated }: Props) {
  const { t } = useTranslation();
  const submit = useFormSubmit();
  const counties = useCounties();
  const [name, setName] = useState('');
  const [profileId, setProfileId] = useState('');
  const [departmentId, setDepartmentId] = useState('');
  const [divisionCode, setDivisionCode] = useState('');
  const [maxDevices, setMaxDevices] = useState('100');
  const [days, setDays] = useState('30');
  const [checked, setChecked] = useState(false);

  const valid = { name: name.trim() !== '', profileId: profileId !== '', maxDevices: wholeNumber(maxDevices, 1, 1_000_000), days: wholeNumber(days, 1, 3650) };
  const lifetime = isApiError(submit.error) && submit.error.code === 'ERR_DEVICES_PROVISIONING_KEY_LIFETIME';
  const errors = {
    name: checked && !valid.name ? t('common.required') : (submit.fieldErrors.name ?? null),
    profileId: checked && !valid.profileId ? t('common.required') : (submit.fieldErrors.profileId ?? null),
    maxDevices: checked && !valid.maxDevices ? t('provisioningKeys.form.maxDevicesInvalid') : (submit.fieldErrors.maxDevices ?? null),
    days: checked && !valid.days ? t('provisioningKeys.form.daysInvalid') : lifetime ? t('errors.ERR_DEVICES_PROVISIONING_KEY_LIFETIME') : (submit.fieldErrors.expiresInDays ?? null),
    divisionCode: submit.fieldErrors.divisionCode ?? null,
    departmentId: submit.fieldErrors.departmentId ?? null,
  };

  async function save(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    setChecked(true);
    if (!Object.values(valid).every(Boolean)) return;
    await submit.run(async () => {
      onCreated(await createProvisioningKey({
        name: name.trim(), profileId, departmentId: departmentId || null, divisionCode: divisionCode || null,
        maxDevices: Number(maxDevices), expiresInDays: Number(days),
      }));
    });
  }

  return (
    <Dialog title={t('provisioningKeys.form.title')} onClose={onClose} variant="wide" testId="key-form">
      <form className="form" onSubmit={(event) => void save(event)} noValidate>
        <div className="form-grid">
          <Field label={t('provisioningKeys.form.name')} hint={t('provisioningKeys.form.nameHint')} error={errors.name} required>
            <input name="name" autoComplete="off" maxLength={200} value={name} onChange={(e) => setName(e.target.value)} data-autofocus data-testid="key-name" />
          </Field>
          <Field label={t('provisioningKeys.form.profile')} hint={t('provisioningKeys.form.profileHint')} error={errors.profileId} required>
            <select name="profileId" value={profileId} onChange={(e) => setProfileId(e.target.value)} data-testid="key-profile">
              <option value="">{t('common.choose')}</option>
              {profiles.map((p) => <option key={p.id} value={p.id}>{`${profileName(p.id)} (${p.id})`}</option>)}
            </select>
          </Field>
          <Field label={t('provisioningKeys.form.division')} hint={t('provisioningKeys.form.divisionHint')} error={errors.divisionCode}>
            <DivisionSelect {...counties} value={divisionCode} onChange={setDivisionCode} emptyLabel={t('provisioningKeys.anyDivision')} testId="key-division" />
          </Field>
          <Field label={t('provisioningKeys.form.department')} hint={t('provisioningKeys.form.departmentHint')} error={errors.departmentId}>
            <DepartmentSelect departments={departments} value={departmentId} onChange={setDepartmentId} emptyLabel={t('provisioningKeys.anyDepartment')} testId="key-department" />
          </Field>
          <Field label={t('provisioningKeys.form.maxDevices')} hint={t('provisioningKeys.form.maxDevicesHint')} error={errors.maxDevices} required>
            <input name="maxDevices" type="number" inputMode="numeric" min={1} max={1_000_000} step={1} value={maxDevices} onChange={(e) => setMaxDevices(e.target.value)} data-testid="key-max-devices" />
          </Field>
          <Field label={t('provisioningKeys.form.days')} hint={t('provisioningKeys.form.daysHint')} error={errors.days} required>
            <input name="expiresInDays" type="number" inputMode="numeric" min={1} max={3650} step={1} value={days} onChange={(e) => setDays(e.target.value)} data-testid="key-days" />
          </Field>
        </div>
        <ProblemMessage error={submit.error} />
        <FormActions busy={submit.busy} submitLabel={t('provisioningKeys.create')} onCancel={onClose} />
      </form>
    </Dialog>
  );
}
