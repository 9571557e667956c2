/** How the sandbox's calls end, and what they cost: the tables call records are drawn from (records.ts). */

/** How a call ended. `weight` out of 100; `ring` the seconds from dialling to answer / end. */
export interface Outcome {
  weight: number;
  sipCode: number;
  reason: string;
  answered: boolean;
  ring: readonly [number, number];
}

/**
 * The vendor documents hangupReason as a String without listing values; these are the
 * sandbox's, with the SIP code that usually goes with them.
 */
export const OUTCOMES: readonly Outcome[] = [
  { weight: 30, sipCode: 200, reason: 'Caller hung up', answered: true, ring: [2, 30] },
  { weight: 25, sipCode: 200, reason: 'Called party hung up', answered: true, ring: [2, 30] },
  { weight: 5, sipCode: 200, reason: 'Normal call clearing', answered: true, ring: [2, 30] },
  { weight: 13, sipCode: 480, reason: 'No answer', answered: false, ring: [30, 60] },
  { weight: 8, sipCode: 486, reason: 'User busy', answered: false, ring: [1, 5] },
  { weight: 8, sipCode: 487, reason: 'Caller cancelled', answered: false, ring: [3, 25] },
  { weight: 4, sipCode: 603, reason: 'Call rejected', answered: false, ring: [2, 15] },
  { weight: 4, sipCode: 404, reason: 'Called party unreachable', answered: false, ring: [1, 4] },
  { weight: 3, sipCode: 404, reason: 'Number not bound', answered: false, ring: [1, 3] },
];
export const OUTCOME_TOTAL = OUTCOMES.reduce((a, o) => a + o.weight, 0);

/** The customer rate per minute, by country (COUNTRIES order). */
export const RATES = ['0.0120', '0.0150', '0.0180', '0.0250', '0.0200', '0.0300', '0.0140', '0.0160'];
