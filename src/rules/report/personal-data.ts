import { defineRule } from '../types.js';

/** Raised by `cocoon report` while it reads responses/*.csv; the detector is data/real-looking-example's. */
export default defineRule({
  meta: {
    id: 'report/personal-data',
    severity: 'error',
    failureMode: 'data',
    description: 'A responses cell looks like an email, phone number, card, IBAN or a name, or a participant is not a pseudonymous id.',
    hint: 'Use pseudonymous ids (p01, p02, …) and keep the list that maps them to names outside the pack; remove the personal data from the file.',
    explanation:
      'Responses are committed next to the pack and summarised for the sponsor. A name or an email in them exposes how one person answered — the opposite of the safe space the programme promises.',
    example: 'participant,useful,recommend\np07,4,8',
    messages: {
      looks: 'The {column} cell looks like a {kind}: responses hold pseudonymous ids only',
      'not-pseudonymous': 'The participant cell ({value}) is not a pseudonymous id like p01',
    },
  },
});
