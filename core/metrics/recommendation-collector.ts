import { Gauge, type Registry } from 'prom-client';

/** One active Insights recommendation, as the report downloader finds it (the original's `InsightsRecommendation`). */
export interface InsightsRecommendation {
  /** Rule id; a trailing `.report` is dropped before it goes into the advisor link. */
  ruleId: string;
  /** The `error_key` from the rule's template data. */
  errorKey: string;
  description: string;
  /** 1 Low, 2 Moderate, 3 Important, 4 Critical; anything else is `Invalid`. */
  totalRisk: number;
}

const ADVISOR_CLUSTERS = 'https://console.redhat.com/openshift/insights/advisor/clusters';

/** The original's `totalRiskToStr`. */
export function totalRiskName(totalRisk: number): string {
  switch (totalRisk) {
    case 1: return 'Low';
    case 2: return 'Moderate';
    case 3: return 'Important';
    case 4: return 'Critical';
    default: return 'Invalid';
  }
}

/**
 * The console.redhat.com advisor link of one recommendation, as the original's `CreateInsightsAdvisorLink`:
 * `…/advisor/clusters/<clusterID>?first=<ruleID>%7C<errorKey>`.
 */
export function insightsAdvisorLink(clusterId: string, ruleId: string, errorKey: string): string {
  const url = new URL(clusterId === '' ? ADVISOR_CLUSTERS : `${ADVISOR_CLUSTERS}/${encodeURIComponent(clusterId)}`);
  url.search = new URLSearchParams({ first: `${ruleId}|${errorKey}` }).toString();
  return url.toString();
}

/**
 * `insights_recommendation_active{description,total_risk,info_link}`: a gauge that, on every scrape,
 * reports 1 for each recommendation set last and nothing else (the original's custom collector).
 */
export class RecommendationCollector {
  #recommendations: readonly InsightsRecommendation[] = [];
  #clusterId = '';

  constructor(registry: Registry) {
    const owner = this;
    new Gauge({
      name: 'insights_recommendation_active',
      help: 'Insights recommendations currently active on this cluster (value 1 per recommendation).',
      labelNames: ['description', 'total_risk', 'info_link'] as const,
      registers: [registry],
      collect() {
        this.reset();
        for (const rec of owner.#recommendations) {
          const ruleId = rec.ruleId.endsWith('.report') ? rec.ruleId.slice(0, -'.report'.length) : rec.ruleId;
          this.set({
            description: rec.description,
            total_risk: totalRiskName(rec.totalRisk),
            info_link: insightsAdvisorLink(owner.#clusterId, ruleId, rec.errorKey),
          }, 1);
        }
      },
    });
  }

  /** The cluster id used in the advisor links. */
  setClusterId(clusterId: string): void {
    this.#clusterId = clusterId;
  }

  /** Replaces the active recommendations; the next scrape shows exactly these. */
  setActiveRecommendations(recommendations: readonly InsightsRecommendation[]): void {
    this.#recommendations = [...recommendations];
  }
}
