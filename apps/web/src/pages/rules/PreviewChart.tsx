import { useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { PreviewResult } from '../../api/rules';
import { DISPLAY_TIME_ZONE, formatDateTime } from '../../i18n/format-date';
import { useTheme } from '../../theme/theme-context';

/** How many entities the draft would have held in alarm, step by step over the window. */
export function activeSeries(result: PreviewResult): [number, number][] {
  const events: [number, number][] = [];
  for (const f of result.firings) {
    events.push([Date.parse(f.raisedAt), 1]);
    if (f.clearedAt) events.push([Date.parse(f.clearedAt), -1]);
  }
  events.sort((a, b) => a[0] - b[0] || a[1] - b[1]);
  const out: [number, number][] = [[Date.parse(result.from), 0]];
  let active = 0;
  for (const [at, step] of events) {
    active += step;
    const last = out[out.length - 1];
    if (last && last[0] === at) last[1] = active;
    else out.push([at, active]);
  }
  out.push([Date.parse(result.to), active]);
  return out;
}

const axisFormatters = new Map<string, Intl.DateTimeFormat>();
function axisLabel(value: number, locale: string): string {
  let f = axisFormatters.get(locale);
  if (!f) {
    f = new Intl.DateTimeFormat(locale, { timeZone: DISPLAY_TIME_ZONE, month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit', hourCycle: 'h23' });
    axisFormatters.set(locale, f);
  }
  return f.format(new Date(value));
}

/** A step line of entities in alarm over the preview window (ECharts, loaded on first use). */
export function PreviewChart({ result }: { result: PreviewResult }) {
  const { t, i18n } = useTranslation();
  const { theme } = useTheme();
  const container = useRef<HTMLDivElement>(null);
  const [state, setState] = useState<'loading' | 'ready' | 'error'>('loading');
  const series = activeSeries(result);
  const peak = Math.max(0, ...series.map(([, n]) => n));

  useEffect(() => {
    const element = container.current;
    if (!element) return;
    let disposed = false;
    let dispose = () => {};
    import('../../charts/echarts-setup')
      .then(({ echarts }) => {
        if (disposed) return;
        const style = getComputedStyle(document.documentElement);
        const text = style.getPropertyValue('--color-text-muted').trim() || '#666';
        const line = style.getPropertyValue('--color-danger').trim() || '#b3261e';
        const grid = style.getPropertyValue('--color-border').trim() || '#ccc';
        const chart = echarts.init(element, undefined, { renderer: 'canvas' });
        const locale = i18n.language;
        chart.setOption({
          animation: false,
          grid: { left: 40, right: 16, top: 16, bottom: 32 },
          tooltip: { trigger: 'axis', axisPointer: { label: { formatter: (p: { value: unknown }) => formatDateTime(Number(p.value), locale) } } },
          xAxis: { type: 'time', min: Date.parse(result.from), max: Date.parse(result.to), axisLabel: { color: text, formatter: (v: number) => axisLabel(v, locale), hideOverlap: true }, axisLine: { lineStyle: { color: grid } } },
          yAxis: { type: 'value', minInterval: 1, axisLabel: { color: text }, splitLine: { lineStyle: { color: grid } } },
          series: [{ type: 'line', step: 'end', name: t('rules.preview.activeSeries'), showSymbol: false, data: series, lineStyle: { color: line, width: 2 }, itemStyle: { color: line }, areaStyle: { color: line, opacity: 0.15 } }],
        });
        const observer = new ResizeObserver(() => chart.resize());
        observer.observe(element);
        dispose = () => {
          observer.disconnect();
          chart.dispose();
        };
        setState('ready');
      })
      .catch(() => {
        if (!disposed) setState('error');
      });
    return () => {
      disposed = true;
      dispose();
    };
  }, [JSON.stringify(series), theme, i18n.language]);

  return (
    <div className="rules-preview__chart-wrap">
      <div
        ref={container}
        className="rules-preview__chart"
        data-testid="preview-chart"
        data-chart-state={state}
        role="img"
        aria-label={t('rules.preview.chartLabel', { count: result.firings.length, peak })}
      />
      {state === 'error' && <p role="alert">{t('rules.preview.chartFailed')}</p>}
    </div>
  );
}
