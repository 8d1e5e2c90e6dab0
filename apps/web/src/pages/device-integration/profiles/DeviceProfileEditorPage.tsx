import type { TFunction } from 'i18next';
import { useEffect, useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useLocation, useNavigate, useParams } from 'react-router-dom';
import { isApiError } from '../../../api/client';
import type { DeviceProfile } from '../../../api/devices';
import { createDeviceProfile, deleteDeviceProfile, getDeviceProfile, updateDeviceProfile } from '../../../api/device-profiles';
import { ConfirmDialog } from '../../../components/ConfirmDialog';
import { PageHeader } from '../../../components/PageHeader';
import { ProblemMessage } from '../../../components/ProblemMessage';
import { fieldErrorsOf } from '../../../hooks/use-form-submit';
import { useCan } from '../../../hooks/use-can';
import { DeviceIntegrationNav } from '../DeviceIntegrationNav';
import { MappingPreview } from './MappingPreview';
import { ProfileForm } from './ProfileForm';
import type { ProfileFieldErrors } from './ProfileForm';
import { attributesOf, checkDraft, draftFromProfile, draftToInput, expressionOf, NEW_PROFILE_PAYLOAD, newProfileDraft, patchOf } from './profile-draft';
import type { ProfileDraft } from './profile-draft';
import { useProfiles } from './use-profiles';

/** A new profile previews against this built-in one: no attributes, not strict, so only the mapping is tried. */
const PREVIEW_BASE_PROFILE = 'flat-keyvalue';

/** Navigation state: a profile just created, or a draft to start from ("copy as new"). */
type EditorState = { created?: boolean; copyOf?: ProfileDraft } | null;

/**
 * /devices/profiles/new and /devices/profiles/:id share this module; key the editor by the
 * address so that moving to the created profile's address starts afresh.
 */
export default function DeviceProfileEditorPage() {
  const { id } = useParams();
  return <ProfileEditor key={id ?? 'new'} id={id} />;
}

function ProfileEditor({ id }: { id: string | undefined }) {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const location = useLocation();
  const can = useCan();
  const profiles = useProfiles();
  const navState = location.state as EditorState;

  const [profile, setProfile] = useState<DeviceProfile | null>(null);
  const [loadError, setLoadError] = useState<unknown>(null);
  const [draft, setDraft] = useState<ProfileDraft>(() => (navState?.copyOf ? { ...navState.copyOf, id: '' } : newProfileDraft()));
  const [checked, setChecked] = useState(false);
  const [saving, setSaving] = useState(false);
  const [saveError, setSaveError] = useState<unknown>(null);
  const [saved, setSaved] = useState(Boolean(navState?.created));
  const [mappingProblem, setMappingProblem] = useState<string | null>(null);
  const [confirmDelete, setConfirmDelete] = useState(false);

  useEffect(() => {
    if (!id) return;
    const controller = new AbortController();
    getDeviceProfile(id, controller.signal)
      .then((loaded) => {
        setProfile(loaded);
        setDraft(draftFromProfile(loaded));
      })
      .catch((error: unknown) => {
        if (!controller.signal.aborted) setLoadError(error);
      });
    return () => controller.abort();
  }, [id]);

  const isNew = !id;
  const editable = can('devices:manage') && !profile?.builtin;
  const dirty = profile ? Object.keys(patchOf(draft, profile)).length > 0 : true;
  const entityTypes = useMemo(() => [...new Set(profiles.items.map((p) => p.entityType))].sort(), [profiles.items]);
  const errors = fieldErrors(t, checked ? checkDraft(draft, isNew) : {}, saveError, mappingProblem);

  const edit = (next: ProfileDraft) => {
    setDraft(next);
    setSaved(false);
    setSaveError(null);
  };

  const save = async () => {
    setChecked(true);
    if (Object.keys(checkDraft(draft, isNew)).length > 0) return;
    setSaving(true);
    setSaveError(null);
    try {
      if (profile) {
        const next = await updateDeviceProfile(profile.id, patchOf(draft, profile));
        setProfile(next);
        setDraft(draftFromProfile(next));
        setSaved(true);
      } else {
        const created = await createDeviceProfile(draftToInput(draft));
        navigate(`/devices/profiles/${encodeURIComponent(created.id)}`, { replace: true, state: { created: true } });
      }
    } catch (error) {
      setSaveError(error);
    } finally {
      setSaving(false);
    }
  };

  if (id && !profile) {
    return (
      <div className="page di-page" data-testid="profile-editor">
        <PageHeader title={t('pages.deviceProfile.title')} />
        {loadError ? <ProblemMessage error={loadError} /> : <p role="status">{t('common.loading')}</p>}
        <Link to="/devices/profiles">{t('deviceProfiles.editor.back')}</Link>
      </div>
    );
  }

  const title = profile ? profiles.nameOf(profile.id) : t('pages.deviceProfileNew.title');

  return (
    <div className="page di-page" data-testid="profile-editor" data-profile-id={profile?.id} data-readonly={!editable}>
      <PageHeader
        title={title}
        intro={isNew ? t('deviceProfiles.editor.introNew') : editable ? t('deviceProfiles.editor.intro') : t('deviceProfiles.editor.introReadOnly')}
        actions={
          <>
            <Link to="/devices/profiles" className="button button--ghost">{t('deviceProfiles.editor.back')}</Link>
            {profile && can('devices:manage') && (
              <button type="button" className="button button--ghost" onClick={() => navigate('/devices/profiles/new', { state: { copyOf: draft } })} data-testid="profile-copy">
                {t('deviceProfiles.editor.copy')}
              </button>
            )}
            {profile && editable && (
              <button type="button" className="button button--danger" onClick={() => setConfirmDelete(true)} data-testid="profile-delete">
                {t('common.delete')}
              </button>
            )}
            {editable && (
              <button type="button" className="button button--primary" onClick={() => void save()} disabled={saving || (!!profile && !dirty)} aria-busy={saving} data-testid="profile-save">
                {saving ? t('common.saving') : profile ? t('common.save') : t('deviceProfiles.editor.create')}
              </button>
            )}
          </>
        }
      />
      <DeviceIntegrationNav />
      {profile?.builtin && <p className="callout callout--warning di-callout" data-testid="builtin-notice">{t('deviceProfiles.editor.builtin')}</p>}
      {!can('devices:manage') && <p className="callout callout--warning di-callout" data-testid="read-only-notice">{t('deviceProfiles.editor.readOnly')}</p>}
      {saved && !dirty && <p className="notice di-callout" role="status" data-testid="save-notice">{t('deviceProfiles.editor.saved')}</p>}
      {saveError !== null && <ProblemMessage error={saveError} testId="save-error" />}

      <div className="di-editor">
        <form className="di-editor__main" onSubmit={(e) => { e.preventDefault(); void save(); }} noValidate>
          <fieldset className="di-editor__fieldset" disabled={!editable}>
            <legend className="visually-hidden">{title}</legend>
            <ProfileForm draft={draft} onChange={edit} errors={errors} isNew={isNew} entityTypes={entityTypes} />
          </fieldset>
        </form>
        <aside className="di-editor__side">
          <MappingPreview
            profileId={profile?.id ?? PREVIEW_BASE_PROFILE}
            expression={expressionOf(draft)}
            attributes={attributesOf(draft.attributes)}
            strict={draft.strict}
            initialPayload={isNew ? NEW_PROFILE_PAYLOAD : ''}
            onMappingProblem={setMappingProblem}
          />
        </aside>
      </div>

      {confirmDelete && profile && (
        <ConfirmDialog
          title={t('deviceProfiles.editor.deleteTitle')}
          confirmLabel={t('common.delete')}
          danger
          onClose={() => setConfirmDelete(false)}
          onConfirm={async () => {
            await deleteDeviceProfile(profile.id);
            navigate('/devices/profiles', { replace: true });
          }}
        >
          <p>{t('deviceProfiles.editor.deleteBody', { name: `${profile.name} (${profile.id})` })}</p>
        </ConfirmDialog>
      )}
    </div>
  );
}

/** The client's checks first, then the server's: by field, and the codes that name one. */
function fieldErrors(t: TFunction, local: Record<string, string>, saveError: unknown, mappingProblem: string | null): ProfileFieldErrors {
  const out: ProfileFieldErrors = {};
  for (const [field, key] of Object.entries(local)) out[field as keyof ProfileFieldErrors] = t(`deviceProfiles.validation.${key}`);
  for (const [field, message] of Object.entries(fieldErrorsOf(saveError))) out[field as keyof ProfileFieldErrors] ??= message;
  if (isApiError(saveError) && saveError.code === 'ERR_DEVICES_PROFILE_ID_TAKEN') out.id ??= t('deviceProfiles.validation.idTaken');
  if (isApiError(saveError) && saveError.code === 'ERR_DEVICES_MAPPING_INVALID') out.expression ??= saveError.detail ?? t('errors.ERR_DEVICES_MAPPING_INVALID');
  if (mappingProblem) out.expression ??= t('deviceProfiles.validation.mappingInvalid', { reason: mappingProblem });
  return out;
}
