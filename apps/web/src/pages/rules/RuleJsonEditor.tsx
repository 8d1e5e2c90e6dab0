import { useEffect, useId, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { isApiError } from '../../api/client';
import type { RuleDefinition } from '../../api/rules';
import { useErrorMessage } from '../../errors/use-error-message';
import { definitionText, parseDefinition } from './rule-draft';

interface Props {
  definition: RuleDefinition;
  onChange: (definition: RuleDefinition) => void;
  /** Whether the text parses (saving waits for it to). */
  onValidity: (ok: boolean) => void;
  /** The last save's or preview's problem: its field list is shown beside the text. */
  problem: unknown;
  readOnly: boolean;
}

/** The rule document as JSON: applied to the draft whenever it parses, so the preview follows it too. */
export function RuleJsonEditor({ definition, onChange, onValidity, problem, readOnly }: Props) {
  const { t } = useTranslation();
  const errorMessage = useErrorMessage();
  const id = useId();
  const [text, setText] = useState(() => definitionText(definition));
  const parsed = parseDefinition(text);
  useEffect(() => onValidity(parsed.ok), [parsed.ok]);

  // The form (or a loaded version) changed the draft: show it, unless the text already says the same.
  const outside = JSON.stringify(definition);
  useEffect(() => {
    const current = parseDefinition(text);
    if (!current.ok || JSON.stringify(current.definition) !== outside) setText(definitionText(definition));
  }, [outside]);

  const serverItems = isApiError(problem) && problem.status === 400 ? problem.fieldErrors : [];
  const serverDetail = isApiError(problem) && problem.status === 400 && serverItems.length === 0 ? problem.detail : undefined;
  const localError = parsed.ok ? null : parsed.reason === 'syntax' ? t('rules.json.syntaxAt', { message: parsed.message }) : t(`rules.json.${parsed.reason}`);
  const describedBy = `${id}-errors`;

  return (
    <div className="rules-json field" data-testid="rule-json">
      <label htmlFor={id}>{t('rules.json.label')}</label>
      <p className="field__hint">{t('rules.json.hint')}</p>
      {/* Above the text, so a complaint is seen without scrolling past the document. */}
      <div id={describedBy} className="rules-json__errors" aria-live="polite">
        {localError && <p className="field__error" data-testid="json-local-error">{localError}</p>}
        {/* While the text does not parse, the server's complaint is about the last draft that did: leave it out. */}
        {!localError && isApiError(problem) && problem.status === 400 && (
          <div className="field__error" data-testid="json-server-errors" data-code={problem.code}>
            <p>{errorMessage(problem)}</p>
            {serverDetail && <p className="mono">{serverDetail}</p>}
            {serverItems.length > 0 && (
              <ul>
                {serverItems.map((item, i) => (
                  <li key={`${item.path}-${i}`}>
                    <code>{item.path.replace(/^body\/definition/, '') || '/'}</code> {item.message}
                  </li>
                ))}
              </ul>
            )}
          </div>
        )}
      </div>
      <textarea
        id={id}
        className="mono rules-json__text"
        spellCheck={false}
        rows={24}
        readOnly={readOnly}
        value={text}
        aria-invalid={localError !== null || serverItems.length > 0 || undefined}
        aria-describedby={describedBy}
        onChange={(event) => {
          setText(event.target.value);
          const next = parseDefinition(event.target.value);
          if (next.ok) onChange(next.definition);
        }}
        data-testid="rule-json-text"
      />
    </div>
  );
}
