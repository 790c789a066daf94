/**
 * `GET /profiles`, `GET /profiles/{name}` (plan summary and datasets), `GET /profiles/{name}/lint` and
 * `GET /profiles/{name}/report` (the profile's HTML report).
 */
import type { Router } from 'express';
import { summarizeProfile } from '../../profile/summary.js';
import { REPORT_CONTENT_POLICY, renderProfileReport } from '../../report/index.js';
import { loadPlan, loadProfile } from '../../tasks/index.js';
import { lintProfile } from '../../tasks/lint-profile.js';
import { findProfileDir, listProfileNames } from '../profiles-root.js';
import type { RouteDeps } from './route-deps.js';

/** Registers the profile routes over `deps.profilesRoot`. */
export function registerProfileRoutes(router: Router, deps: RouteDeps): void {
  router.get('/profiles', async (_request, response) => {
    const names = await listProfileNames(deps.profilesRoot);
    const profiles = [];
    for (const name of names) {
      const plan = await loadPlan(`${deps.profilesRoot}/${name}/plan.yaml`).catch(() => undefined);
      profiles.push(
        plan === undefined
          ? { name, valid: false }
          : {
              name,
              valid: true,
              profile: plan.profile,
              takenAt: plan.taken.at,
              datasets: plan.datasets.length,
            },
      );
    }
    response.json({ profiles });
  });

  router.get('/profiles/:name', async (request, response) => {
    const dir = await findProfileDir(deps.profilesRoot, request.params.name);
    const profile = await loadProfile(dir);
    const { plan } = profile;
    response.json({
      name: request.params.name,
      plan: {
        profile: plan.profile,
        taken: plan.taken,
        sampling: plan.sampling,
        privacy: plan.privacy,
        sources: plan.sources,
        relations: plan.relations.length,
      },
      summary: summarizeProfile(profile),
      datasets: profile.datasets.map((task) => ({
        name: task.dataset.name,
        source: task.dataset.source,
        kind: task.dataset.kind,
        rows: task.dataset.rows,
        fields: task.fields.length,
        enabled: plan.datasets.find((entry) => entry.name === task.dataset.name)?.enabled ?? true,
      })),
    });
  });

  router.get('/profiles/:name/lint', async (request, response) => {
    const dir = await findProfileDir(deps.profilesRoot, request.params.name);
    response.json(await lintProfile(dir));
  });

  router.get('/profiles/:name/report', async (request, response) => {
    const dir = await findProfileDir(deps.profilesRoot, request.params.name);
    const html = renderProfileReport(await loadProfile(dir));
    response.set('Content-Security-Policy', REPORT_CONTENT_POLICY).type('html').send(html);
  });
}
