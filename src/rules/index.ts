import type { Rule } from './types.js';
import timeSqueezed from './time/squeezed.js';
import timeLongStretch from './time/long-stretch.js';
import projectTooShort from './project/too-short.js';
import projectUntaughtCapstone from './project/untaught-capstone.js';
import followThroughRepeat from './follow-through/repeat.js';
import followThroughCadence from './follow-through/cadence.js';
import dataPracticeBreaksPolicy from './data/practice-breaks-policy.js';
import schema from './schema.js';
import configDisableWithoutReason from './config/disable-without-reason.js';
import configUnknownRule from './config/unknown-rule.js';
import contentPlaceholder from './content/placeholder.js';
import projectDuplicateOut from './project/duplicate-out.js';
import templateSyntax from './template/syntax.js';
import dataRealLookingExample from './data/real-looking-example.js';
import evidenceUntaughtRisk from './evidence/untaught-risk.js';
import exerciseDescribedMaterial from './exercise/described-material.js';
import exerciseNoSolution from './exercise/no-solution.js';
import exerciseNoDemo from './exercise/no-demo.js';
import exerciseSpoiler from './exercise/spoiler.js';
import exerciseSumMismatch from './exercise/sum-mismatch.js';
import followThroughGap from './follow-through/gap.js';
import followThroughNoCheckIns from './follow-through/no-check-ins.js';
import followThroughNoPractice from './follow-through/no-practice.js';
import followThroughPracticeBeforeWork from './follow-through/practice-before-work.js';
import followThroughSingleSession from './follow-through/single-session.js';
import genericPromptNoContext from './generic/prompt-no-context.js';
import genericTooFewWorkflows from './generic/too-few-workflows.js';
import langMissingMessage from './lang/missing-message.js';
import leadershipAbsent from './leadership/absent.js';
import leadershipNoSponsor from './leadership/no-sponsor.js';
import ownershipItLed from './ownership/it-led.js';
import ownershipNoOwner from './ownership/no-owner.js';
import projectNoCapstone from './project/no-capstone.js';
import promptGenericWeakWhy from './prompt/generic-weak-why.js';
import promptNoDiagnosis from './prompt/no-diagnosis.js';
import promptNoVerify from './prompt/no-verify.js';
import promptUndeclaredVariable from './prompt/undeclared-variable.js';
import promptUnusedVariable from './prompt/unused-variable.js';
import reportBadNumber from './report/bad-number.js';
import reportDuplicateRow from './report/duplicate-row.js';
import reportLowResponse from './report/low-response.js';
import reportPersonalData from './report/personal-data.js';
import reportSyntax from './report/syntax.js';
import reportUnknownColumn from './report/unknown-column.js';
import reportUnknownWorkflow from './report/unknown-workflow.js';
import refDuplicateId from './ref/duplicate-id.js';
import refUnresolved from './ref/unresolved.js';
import safetyDismissiveLanguage from './safety/dismissive-language.js';
import safetyGroupSize from './safety/group-size.js';
import safetyNoFailureGallery from './safety/no-failure-gallery.js';
import safetyNoNorms from './safety/no-norms.js';
import slidesLeak from './slides/leak.js';
import slidesOverflow from './slides/overflow.js';
import timeHandsOnRatio from './time/hands-on-ratio.js';
import timeNoBreak from './time/no-break.js';
import timeOverrun from './time/overrun.js';
import workflowNoAiStep from './workflow/no-ai-step.js';
import workflowNoBaseline from './workflow/no-baseline.js';
import workflowToolTour from './workflow/tool-tour.js';
import workflowUncovered from './workflow/uncovered.js';
import yamlSyntax from './yaml/syntax.js';

/** The registry, sorted by id. tests/rules/registry.test.ts fails when a rule file is missing from it. */
export const RULES: readonly Rule[] = [
  configDisableWithoutReason,
  configUnknownRule,
  contentPlaceholder,
  dataPracticeBreaksPolicy,
  dataRealLookingExample,
  evidenceUntaughtRisk,
  exerciseDescribedMaterial,
  exerciseNoDemo,
  exerciseNoSolution,
  exerciseSpoiler,
  exerciseSumMismatch,
  followThroughCadence,
  followThroughGap,
  followThroughNoCheckIns,
  followThroughNoPractice,
  followThroughPracticeBeforeWork,
  followThroughRepeat,
  followThroughSingleSession,
  genericPromptNoContext,
  genericTooFewWorkflows,
  langMissingMessage,
  leadershipAbsent,
  leadershipNoSponsor,
  ownershipItLed,
  ownershipNoOwner,
  projectDuplicateOut,
  projectNoCapstone,
  projectTooShort,
  projectUntaughtCapstone,
  promptGenericWeakWhy,
  promptNoDiagnosis,
  promptNoVerify,
  promptUndeclaredVariable,
  promptUnusedVariable,
  refDuplicateId,
  refUnresolved,
  reportBadNumber,
  reportDuplicateRow,
  reportLowResponse,
  reportPersonalData,
  reportSyntax,
  reportUnknownColumn,
  reportUnknownWorkflow,
  safetyDismissiveLanguage,
  safetyGroupSize,
  safetyNoFailureGallery,
  safetyNoNorms,
  schema,
  slidesLeak,
  slidesOverflow,
  templateSyntax,
  timeHandsOnRatio,
  timeLongStretch,
  timeNoBreak,
  timeOverrun,
  timeSqueezed,
  workflowNoAiStep,
  workflowNoBaseline,
  workflowToolTour,
  workflowUncovered,
  yamlSyntax,
];

export const ruleById = (id: string): Rule | undefined => RULES.find((r) => r.meta.id === id);
