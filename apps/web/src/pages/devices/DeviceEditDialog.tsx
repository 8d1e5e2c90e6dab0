import { useState } from 'react';
import type { FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { updateDevice } from '../../api/devices';
import type { Device } from '../../api/devices';
import { DepartmentSelect } from '../../components/DepartmentSelect';
import { Dialog } from '../../components/Dialog';
import { DivisionSelect } from '../../components/DivisionSelect';
import { Field } from '../../components/Field';
import { FormActions } from '../../components/FormActions';
import { ProblemMessage } from '../../components/ProblemMessage';
import { useCounties } from '../../hooks/use-counties';
import { useDepartments } from '../../hooks/use-departments';
import { useFormSubmit } from '../../hooks/use-form-submit';
import { useDeviceProfiles } from './use-device-profiles';

interface Props {
  device: Device;
  onClose: () => void;
  onSaved: (device: Device) => void;
}

/** Name, profile and place of a device (the server refuses a place outside the editor's scope). */
export function DeviceEditDialog({ device, onClose, onSaved }: Props) {
  const { t } = useTranslation();
  const submit = useFormSubmit();
  const counties = useCounties();
  const departments = useDepartments();
  const profiles = useDeviceProfiles();
  const [name, setName] = useState(device.name);
  const [profileId, setProfileId] = useState(device.profileId);
  const [divisionCode, setDivisionCode] = useState(device.divisionCode ?? '');
  const [departmentId, setDepartmentId] = useState(device.departmentId ?? '');
  const [missing, setMissing] = useState(false);
  // A township code is kept as it is unless a county is chosen instead.
  const countyChoices = divisionCode && !counties.counties.some((c) => c.code === divisionCode) && divisionCode !== counties.region?.code
    ? [...counties.counties, { code: divisionCode, name: divisionCode, level: 'township', parentCode: null }]
    : counties.counties;

  async function save(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    if (!name.trim()) {
      setMissing(true);
      return;
    }
    await submit.run(async () => {
      const patch = {
        ...(name.trim() !== device.name ? { name: name.trim() } : {}),
        ...(profileId !== device.profileId ? { profileId } : {}),
        ...(divisionCode !== (device.divisionCode ?? '') ? { divisionCode: divisionCode || null } : {}),
        ...(departmentId !== (device.departmentId ?? '') ? { departmentId: departmentId || null } : {}),
      };
      onSaved(Object.keys(patch).length ? await updateDevice(device.id, patch) : device);
    });
  }

  return (
    <Dialog title={t('devices.edit.title', { id: device.id })} onClose={onClose} testId="device-form">
      <form className="form" onSubmit={(event) => void save(event)} noValidate>
        <Field label={t('devices.edit.name')} error={(missing && !name.trim() ? t('common.required') : null) ?? submit.fieldErrors.name ?? null} required>
          <input name="name" autoComplete="off" maxLength={200} value={name} onChange={(event) => setName(event.target.value)} data-autofocus />
        </Field>
        <Field label={t('devices.edit.profile')} hint={t('devices.edit.profileHint')} error={submit.fieldErrors.profileId ?? null}>
          <select name="profileId" value={profileId} onChange={(event) => setProfileId(event.target.value)} data-testid="device-form-profile">
            {!profiles.byId.has(profileId) && <option value={profileId}>{profileId}</option>}
            {profiles.items.map((p) => (
              <option key={p.id} value={p.id}>
                {`${profiles.nameOf(p.id)} (${p.id})`}
              </option>
            ))}
          </select>
        </Field>
        <Field label={t('devices.edit.county')} error={submit.fieldErrors.divisionCode ?? null}>
          <DivisionSelect region={counties.region} counties={countyChoices} value={divisionCode} emptyLabel={t('devices.edit.noCounty')} onChange={setDivisionCode} testId="device-form-county" />
        </Field>
        <Field label={t('devices.edit.department')} error={submit.fieldErrors.departmentId ?? null}>
          <DepartmentSelect departments={departments.flat} value={departmentId} emptyLabel={t('devices.edit.noDepartment')} onChange={setDepartmentId} testId="device-form-department" />
        </Field>
        <ProblemMessage error={submit.error} />
        <FormActions busy={submit.busy} submitLabel={t('common.save')} onCancel={onClose} />
      </form>
    </Dialog>
  );
}
