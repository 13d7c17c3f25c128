// Capacity and utilisation this month, per kind and per region and kind: horizontal SVG bars
// (role="img" with a spoken summary) followed by the figures as a table. Server-rendered; no
// JavaScript. Each kind counts in its own unit, so bars show the approved share, and sums of
// units only appear within one kind.
import type { KindFigures, RegionFigures } from "../../../server/domain/channel-directory";
import { useT } from "../../lib/i18n";
import { useFormatNumber, useMonthName } from "./format";

const WIDTH = 640;
const LABEL = 220;
const VALUE = 70;
const ROW = 26;
const GROUP_GAP = 22;
const BAR = 16;

interface Bar {
  key: string;
  label: string;
  /** Percent 0..100, or null without capacity. */
  value: number | null;
}

interface Group {
  key: string;
  label?: string;
  bars: Bar[];
}

function BarChart({ groups, summary, id }: { groups: Group[]; summary: string; id: string }) {
  const t = useT();
  const num = useFormatNumber();
  const plot = WIDTH - LABEL - VALUE;
  let y = 4;
  const rows: JSX.Element[] = [];
  for (const group of groups) {
    if (group.label) {
      rows.push(
        <text key={`${group.key}-label`} x={0} y={y + 14} className="chart-group">
          {group.label}
        </text>,
      );
      y += GROUP_GAP;
    }
    for (const bar of group.bars) {
      const width = bar.value === null ? 0 : Math.max(0, Math.min(100, bar.value)) * (plot / 100);
      rows.push(
        <g key={`${group.key}-${bar.key}`} transform={`translate(0 ${y})`}>
          <text x={group.label ? 12 : 0} y={BAR - 3} className="chart-label">
            {bar.label}
          </text>
          <rect x={LABEL} y={0} width={plot} height={BAR} className="chart-track" />
          <rect x={LABEL} y={0} width={width} height={BAR} className="chart-bar" />
          <text x={LABEL + plot + 6} y={BAR - 3} className="chart-value">
            {bar.value === null ? t("channelDirectory.chart.noCapacity") : t("channelDirectory.chart.percent", { value: num(bar.value) })}
          </text>
        </g>,
      );
      y += ROW;
    }
  }
  return (
    <svg id={id} role="img" aria-label={summary} viewBox={`0 0 ${WIDTH} ${y + 4}`} width="100%" className="capacity-chart">
      {rows}
    </svg>
  );
}

function FiguresTable({ rows, withRegion }: { rows: { region?: string; figures: KindFigures }[]; withRegion: boolean }) {
  const t = useT();
  const num = useFormatNumber();
  const amount = (n: number, f: KindFigures) => `${num(n)} ${t(`channels.unitsShort.${f.unit}`)}`;
  return (
    <div className="table-wrap">
      <table>
        <thead>
          <tr>
            {withRegion ? <th scope="col">{t("channelDirectory.chart.colRegion")}</th> : null}
            <th scope="col">{t("channelDirectory.chart.colKind")}</th>
            <th scope="col">{t("channelDirectory.chart.colChannels")}</th>
            <th scope="col">{t("channelDirectory.chart.colCapacity")}</th>
            <th scope="col">{t("channelDirectory.chart.colApproved")}</th>
            <th scope="col">{t("channelDirectory.chart.colFree")}</th>
            <th scope="col">{t("channelDirectory.chart.colUtilisation")}</th>
          </tr>
        </thead>
        <tbody>
          {rows.map(({ region, figures: f }) => (
            <tr key={`${region ?? ""}-${f.kind}`}>
              {withRegion ? <th scope="row">{t(`channels.regions.${region}`)}</th> : null}
              {withRegion ? <td>{t(`channels.kinds.${f.kind}`)}</td> : <th scope="row">{t(`channels.kinds.${f.kind}`)}</th>}
              <td>{num(f.channels)}</td>
              <td>{amount(f.capacity, f)}</td>
              <td>{amount(f.approvedUnits, f)}</td>
              <td>{amount(f.free, f)}</td>
              <td>{f.utilisation === null ? "–" : t("channelDirectory.chart.percent", { value: num(f.utilisation) })}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

export function CapacityChart({ byKind, byRegion, month }: { byKind: KindFigures[]; byRegion: RegionFigures[]; month: string }) {
  const t = useT();
  const num = useFormatNumber();
  const monthLabel = useMonthName()(month);
  const percent = (v: number | null) => (v === null ? t("channelDirectory.chart.noCapacity") : t("channelDirectory.chart.percent", { value: num(v) }));
  const kindBar = (k: KindFigures): Bar => ({ key: k.kind, label: t(`channels.kinds.${k.kind}`), value: k.utilisation });
  const spoken = (items: { label: string; value: number | null }[]) =>
    items.map((i) => t("channelDirectory.chart.summaryItem", { label: i.label, percent: percent(i.value) })).join(t("members.listSeparator"));

  if (byKind.length === 0) {
    return (
      <section aria-labelledby="capacity-chart-title" className="stack">
        <h2 id="capacity-chart-title">{t("channelDirectory.chart.title")}</h2>
        <p>{t("channelDirectory.chart.none")}</p>
      </section>
    );
  }
  const kindBars = byKind.map(kindBar);
  const regionGroups: Group[] = byRegion.map((r) => ({ key: r.region, label: t(`channels.regions.${r.region}`), bars: r.kinds.map(kindBar) }));
  const regionSpoken = byRegion.flatMap((r) =>
    r.kinds.map((k) => ({ label: `${t(`channels.regions.${r.region}`)} ${t(`channels.kinds.${k.kind}`)}`, value: k.utilisation })),
  );
  return (
    <section aria-labelledby="capacity-chart-title" className="stack capacity-charts">
      <h2 id="capacity-chart-title">{t("channelDirectory.chart.title")}</h2>
      <p className="muted">{t("channelDirectory.chart.lead", { month: monthLabel })}</p>
      <h3>{t("channelDirectory.chart.byKind")}</h3>
      <BarChart id="chart-by-kind" groups={[{ key: "all", bars: kindBars }]} summary={t("channelDirectory.chart.figureKind", { summary: spoken(kindBars) })} />
      <FiguresTable rows={byKind.map((figures) => ({ figures }))} withRegion={false} />
      <h3>{t("channelDirectory.chart.byRegion")}</h3>
      <BarChart id="chart-by-region" groups={regionGroups} summary={t("channelDirectory.chart.figureRegion", { summary: spoken(regionSpoken) })} />
      <FiguresTable rows={byRegion.flatMap((r) => r.kinds.map((figures) => ({ region: r.region, figures })))} withRegion />
    </section>
  );
}
