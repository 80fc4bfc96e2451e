/** Reads survey answers (CSAT, NPS, CES; one row per answer) into AnswerRows. */
import type { RowProblem } from '../../errors.js';
import type { Scale, SurveyType } from '../../metrics/facts.js';
import type { RecordView } from '../csv/scanner.js';
import { NO_VIEW, RowReader, SURVEY_TYPES } from './row-reader.js';
import type { Col } from './row-reader.js';
import type { AnswerRow } from './row-types.js';

/** What a survey row without a score is under emptyScore "skip": a survey sent and not answered. */
export const NO_ANSWER = 'no_answer';

export class SurveyReader extends RowReader {
  private readonly c = {
    type: this.col('type'),
    score: this.col('score'),
    respondedAt: this.col('responded_at'),
    ticketId: this.col('ticket_id'),
    customerId: this.col('customer_id'),
    agent: this.col('agent'),
    channel: this.col('channel'),
    team: this.col('team'),
    priority: this.col('priority'),
  };
  private readonly nps: Scale = { min: 0, max: 10 };
  private readonly row: AnswerRow = {
    line: 0, type: 'csat', score: 0, respondedAt: null, ticketId: null, customerId: null, agent: null, channel: null, team: null, priority: null, fields: [],
  };

  /** The answer of a record, null with its problems added, or NO_ANSWER. The returned object is reused. */
  protected cols(): Record<string, Col> {
    return this.c;
  }

  read(fields: string[], line: number, problems: RowProblem[], view: RecordView = NO_VIEW): AnswerRow | null | typeof NO_ANSWER {
    if (!this.begin(fields, line, problems, view)) return null;
    const c = this.c;
    if (this.options.emptyScore === 'skip' && this.cell(c.score) === null) return NO_ANSWER;
    const before = problems.length;
    const typeText = this.cell(c.type);
    let type: SurveyType | null = null;
    if (typeText !== null) {
      const t = typeText.toLowerCase();
      if (SURVEY_TYPES.has(t)) type = t as SurveyType;
      else this.problem('type', 'must be csat, nps or ces', typeText);
    } else if (this.options.surveyType !== null) type = this.options.surveyType;
    else this.problem('type', 'is required (or give --survey-type)', null);
    let score = this.number(c.score);
    this.required(c.score, score);
    if (type === 'nps') score = this.inScale(c.score, score, this.nps, true, 'nps');
    else if (type === 'csat') score = this.inScale(c.score, score, this.options.csatScale, false, 'csat');
    else if (type === 'ces') score = this.inScale(c.score, score, this.options.cesScale, false, 'ces');
    const respondedAt = this.time(c.respondedAt);
    if (problems.length > before) return null;
    const s = this.observed.scores[type!];
    s.count++;
    if (score! > s.max) s.max = score!;
    const r = this.row;
    r.line = line;
    r.type = type!;
    r.score = score!;
    r.respondedAt = respondedAt;
    r.ticketId = this.groupCell(c.ticketId);
    r.customerId = this.groupCell(c.customerId);
    r.agent = this.groupCell(c.agent);
    r.channel = this.groupCell(c.channel);
    r.team = this.groupCell(c.team);
    r.priority = this.groupCell(c.priority);
    r.fields = fields;
    return r;
  }
}
