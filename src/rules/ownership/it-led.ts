import { isItTeam } from '../../model/people.js';
import { programmeAt } from '../lib.js';
import { defineRule } from '../types.js';

export default defineRule({
  meta: {
    id: 'ownership/it-led',
    severity: 'warning',
    failureMode: 'ownership',
    description: 'The owner, or every facilitator, is in IT.',
    hint: "Make the owner and at least one facilitator people from the role's own function; IT supports.",
    explanation:
      'IT-led AI training teaches features. People adopt a new way of working when someone who does their job shows them. IT belongs in the room as support: access, data rules, tooling. For a role that is itself an IT function (the service desk), its own people are the business, and the rule is silent.',
    example: 'owner: { name: Priya Shah, team: Finance Operations }\nfacilitators: [{ name: Sam Ortiz, team: FP&A }, { name: Lee Chen, team: IT }]',
    messages: {
      owner: 'The owner is in IT ({team}); the business should own the programme',
      facilitators: "Every facilitator is in IT; at least one should come from the role's own function",
    },
  },
  checkProgramme(p, ctx) {
    // The service desk's own people are IT: for an IT role, IT owning and running it is the business doing so.
    if (isItTeam(p.role.name) || isItTeam(p.role.id.replace(/-/g, ' '))) return;
    if (p.owner && isItTeam(p.owner.team)) ctx.report({ messageId: 'owner', data: { team: p.owner.team ?? '' }, at: programmeAt(p, 'owner', 'team') });
    if (p.facilitators.length && p.facilitators.every((f) => isItTeam(f.team))) ctx.report({ messageId: 'facilitators', at: programmeAt(p, 'facilitators') });
  },
});
