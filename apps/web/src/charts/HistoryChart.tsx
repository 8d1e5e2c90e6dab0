import { useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { DISPLAY_TIME_ZONE, formatDateTime } from '../i18n/format-date';
import type { Theme } from '../theme/theme';

export interface HistoryChartProps {
  /** [ISO time, value] pairs, oldest first. */
  points: readonly [string, number][];
  label: string;
  theme: Theme;
}

const axisFormatters = new Map<string, Intl.DateTimeFormat>();
function axisLabel(value: number, locale: string): string {
  let formatter = axisFormatters.get(locale);
  if (!formatter) {
    formatter = new Intl.DateTimeFormat(locale, { timeZone: DISPLAY_TIME_ZONE, month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit', hourCycle: 'h23' });
    axisFormatters.set(locale, formatter);
  }
  return formatter.format(new Date(value));
}

/** A time series line chart; ECharts is loaded on first use. Times read in Asia/Shanghai. */
export function HistoryChart({ points, label, theme }: HistoryChartProps) {
  const { t, i18n } = useTranslation();
  const container = useRef<HTMLDivElement>(null);
  const [state, setState] = useState<'loading' | 'ready' | 'error'>('loading');

  useEffect(() => {
    const element = container.current;
    if (!element) return;
    let disposed = false;
    let dispose = () => {};
    import('./echarts-setup')
      .then(({ echarts }) => {
        if (disposed) return;
        const style = getComputedStyle(document.documentElement);
        const text = style.getPropertyValue('--color-text-muted').trim() || '#666';
        const line = style.getPropertyValue('--color-primary').trim() || '#0a58a8';
        const grid = style.getPropertyValue('--color-border').trim() || '#ccc';
        const chart = echarts.init(element, undefined, { renderer: 'canvas' });
        const locale = i18n.language;
        chart.setOption({
          animation: false,
          grid: { left: 56, right: 20, top: 20, bottom: 56 },
          tooltip: {
            trigger: 'axis',
            valueFormatter: (value: unknown) => (typeof value === 'number' ? String(Math.round(value * 1000) / 1000) : String(value)),
            axisPointer: { label: { formatter: (p: { value: unknown }) => formatDateTime(Number(p.value), locale) } },
          },
          xAxis: { type: 'time', axisLabel: { color: text, formatter: (value: number) => axisLabel(value, locale), hideOverlap: true }, axisLine: { lineStyle: { color: grid } } },
          yAxis: { type: 'value', scale: true, axisLabel: { color: text }, splitLine: { lineStyle: { color: grid } } },
          dataZoom: [{ type: 'inside' }, { type: 'slider', height: 20, bottom: 10 }],
          series: [{ type: 'line', name: label, showSymbol: false, data: points.map(([time, value]) => [Date.parse(time), value]), lineStyle: { color: line, width: 2 }, itemStyle: { color: line } }],
        });
        const onResize = () => chart.resize();
        window.addEventListener('resize', onResize);
        dispose = () => {
          window.removeEventListener('resize', onResize);
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
  }, [points, label, theme, i18n.language]);

  return (
    <div className="history-chart-wrap">
      <div ref={container} className="history-chart" data-testid="history-chart" data-chart-state={state} data-points={points.length} role="img" aria-label={t('entity.chartLabel', { attr: label, count: points.length })} />
      {state === 'error' && <p role="alert">{t('entity.chartFailed')}</p>}
    </div>
  );
}
