/**
 * The `workloads` gatherer: what runs on the cluster, summarized and hashed, as the original operator's
 * `workloads` gatherer. Expensive on large clusters, so it runs at most every 12 hours, as there.
 * @packageDocumentation
 */
import { definePlugin } from 'insights-operator/plugin-api';
import { helmchartInfo } from './helmchart-info.ts';
import { workloadInfo } from './workload-info.ts';

/** The workloads plugin. */
export default definePlugin({
  name: 'workloads',
  period: '12h',
  functions: {
    workload_info: workloadInfo,
    helmchart_info: helmchartInfo,
  },
});
