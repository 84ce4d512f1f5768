import type MarkdownIt from 'markdown-it';
import { html } from '../../model/escape/html.js';
import { jsonText } from '../../model/escape/json.js';
import type { PlannedProgramme } from '../plan/plan.js';
import { OPTION_LETTERS, skillsQuestions } from './skills.js';
import { htmlDocument, renderHtmlPack } from './html.js';
import type { BinaryFile } from './docx.js';
import type { PackFile } from '../../model/pack.js';
import type { Messages } from './messages.js';
import { packDate, zipEntries } from './zip.js';

/**
 * `scorm/participant.zip` (issue 32): a SCORM 1.2 package with one SCO, for an LMS (Moodle, Cornerstone,
 * Docebo, SuccessFactors). The SCO's launch page, `index.html`, is the skills check as a form: it finds the
 * LMS's API in the frame chain (the standard findAPI walk up window.parent, then window.opener), calls
 * LMSInitialize, and on submit sets one `cmi.interactions.n.*` per question, `cmi.core.score.raw` (the
 * percentage right), `cmi.core.lesson_status` `completed`, then LMSCommit and LMSFinish. Without an LMS
 * it is a plain page that shows the score. The participant pages ride along under `participant/`, as the
 * HTML pack renders them: inline CSS, nothing from the network. The zip is deterministic (render/zip.ts).
 */

const SCORM_PATH = 'scorm/participant.zip';

/** The SCORM API client, inline in the launch page: no file, no network. */
const SCORM_SCRIPT = String.raw`
(function () {
  'use strict';
  var data = JSON.parse(document.getElementById('cocoon-questions').textContent);
  function findAPI(win) {
    var tries = 0;
    while (win && !win.API && win.parent && win.parent !== win && tries < 500) { tries++; win = win.parent; }
    return win && win.API ? win.API : null;
  }
  function getAPI() {
    var api = null;
    try { api = findAPI(window); } catch (e) { api = null; }
    if (!api && window.opener) { try { api = findAPI(window.opener); } catch (e) { api = null; } }
    return api;
  }
  var api = getAPI();
  var open = false;
  if (api && String(api.LMSInitialize('')) === 'true') {
    open = true;
    var status = String(api.LMSGetValue('cmi.core.lesson_status'));
    if (status === 'not attempted' || status === '') api.LMSSetValue('cmi.core.lesson_status', 'incomplete');
    api.LMSCommit('');
  }
  var form = document.getElementById('skills-check');
  var result = document.getElementById('result');
  form.addEventListener('submit', function (event) {
    event.preventDefault();
    var right = 0;
    data.questions.forEach(function (q, n) {
      var picked = form.querySelector('input[name="' + q.id + '"]:checked');
      var answer = picked ? picked.value : '';
      var correct = answer === q.correct;
      if (correct) right++;
      if (open) {
        var at = 'cmi.interactions.' + n + '.';
        api.LMSSetValue(at + 'id', q.id);
        api.LMSSetValue(at + 'type', 'choice');
        api.LMSSetValue(at + 'correct_responses.0.pattern', q.correct);
        if (answer) api.LMSSetValue(at + 'student_response', answer);
        api.LMSSetValue(at + 'result', correct ? 'correct' : 'wrong');
      }
    });
    var score = data.questions.length ? Math.round((right * 100) / data.questions.length) : 0;
    result.textContent = 'You answered ' + right + ' of ' + data.questions.length + ' right (' + score + '%).' + (open ? ' Your result has been sent to your learning system.' : '');
    if (open) {
      api.LMSSetValue('cmi.core.score.min', '0');
      api.LMSSetValue('cmi.core.score.max', '100');
      api.LMSSetValue('cmi.core.score.raw', String(score));
      api.LMSSetValue('cmi.core.lesson_status', 'completed');
      api.LMSCommit('');
      api.LMSFinish('');
      open = false;
    }
    form.querySelector('button').disabled = true;
  });
  window.addEventListener('pagehide', function () {
    if (open) { api.LMSFinish(''); open = false; }
  });
})();
`;

/** JSON inside a <script> element: `<` as \u003c, so no value can close the element. */
const scriptJson = (value: unknown): string => jsonText(value, 0).trimEnd().replace(/</g, '\\u003c');

/** The launch page: the skills check as a form that reports to the LMS, and the participant pages. */
function launchPage(p: PlannedProgramme, pages: readonly PackFile[], msg: Messages): string {
  const questions = skillsQuestions(p, msg.t);
  const fieldsets = questions
    .map(
      (q, n) => `<fieldset>
<legend>${n + 1}. ${html(q.stem)}</legend>
${q.options.map((o, i) => `<p><label><input type="radio" name="${html(q.id)}" value="${OPTION_LETTERS[i]}"> ${OPTION_LETTERS[i]}) ${html(o)}</label></p>`).join('\n')}
</fieldset>`,
    )
    .join('\n');
  const links = pages
    .map((f) => ({ path: f.path, title: /<title>(.*?) · /.exec(f.content)?.[1] ?? f.path }))
    .map((l) => `<li><a href="${html(l.path)}" target="_blank" rel="noopener">${l.title}</a></li>`)
    .join('\n');
  const data = { questions: questions.map((q) => ({ id: q.id, correct: OPTION_LETTERS[q.correct] })) };
  const body = `<h1>Skills check</h1>
<p>${html(p.title)}. Answer every question, then press <strong>Submit answers</strong>. Your learning system records your score and that you have completed the check.</p>
<form id="skills-check">
${fieldsets}
<p><button type="submit">Submit answers</button></p>
</form>
<p id="result" role="status" aria-live="polite"></p>
<h2>Your pages</h2>
<ul>
${links}
</ul>
`;
  return htmlDocument({
    title: `Skills check · ${html(p.title)}`,
    brand: html([p.org.name, p.title].filter(Boolean).join(' · ')),
    body,
    footer: `Generated by cocoon from the ${html(p.role.name)} role.`,
    tail: `\n<script type="application/json" id="cocoon-questions">${scriptJson(data)}</script>\n<script>${SCORM_SCRIPT}</script>`,
  });
}

/** imsmanifest.xml: one organization, one item, one SCO resource listing every file of the package. */
function manifest(p: PlannedProgramme, files: readonly string[]): string {
  const title = html(p.title);
  return `<?xml version="1.0" encoding="UTF-8"?>
<manifest identifier="cocoon-${html(p.id)}" version="1.0"
  xmlns="http://www.imsproject.org/xsd/imscp_rootv1p1p2"
  xmlns:adlcp="http://www.adlnet.org/xsd/adlcp_rootv1p2"
  xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance"
  xsi:schemaLocation="http://www.imsproject.org/xsd/imscp_rootv1p1p2 imscp_rootv1p1p2.xsd http://www.imsglobal.org/xsd/imsmd_rootv1p2p1 imsmd_rootv1p2p1.xsd http://www.adlnet.org/xsd/adlcp_rootv1p2 adlcp_rootv1p2.xsd">
  <metadata>
    <schema>ADL SCORM</schema>
    <schemaversion>1.2</schemaversion>
  </metadata>
  <organizations default="cocoon-organization">
    <organization identifier="cocoon-organization">
      <title>${title}</title>
      <item identifier="cocoon-skills-check" identifierref="cocoon-sco" isvisible="true">
        <title>${title}: skills check</title>
      </item>
    </organization>
  </organizations>
  <resources>
    <resource identifier="cocoon-sco" type="webcontent" adlcp:scormtype="sco" href="index.html">
${files.map((f) => `      <file href="${html(f)}"/>`).join('\n')}
    </resource>
  </resources>
</manifest>
`;
}

export function renderScormPackage(p: PlannedProgramme, mdFiles: readonly PackFile[], md: MarkdownIt, msg: Messages): BinaryFile {
  const pages = renderHtmlPack(
    p,
    mdFiles.filter((f) => f.path.startsWith('participant/')),
    md,
    msg,
  );
  const entries = new Map<string, string>([['index.html', launchPage(p, pages, msg)], ...pages.map((f) => [f.path, f.content] as [string, string])]);
  const files = [...entries.keys()].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
  entries.set('imsmanifest.xml', manifest(p, files));
  return { path: SCORM_PATH, content: zipEntries(entries, packDate(p)) };
}
