/**
 * Helpdesk export presets (--preset): each maps a helpdesk's own CSV export headers onto
 * the canonical columns, with its null tokens, rating words and placeholders. Keys are
 * header names as the helpdesk writes them; they are matched like any header
 * (case-insensitive, spaces ≡ underscores, camelCase split). Where several headers give
 * one column, the first one a file has wins (a preset's order is its preference). A config
 * file's own columns beat any of these; its values and null_tokens add to them.
 *
 * Each preset was checked against the real shape of that helpdesk's export; docs/presets.md
 * says which export (screen, version) and where each fact comes from.
 */
export type PresetName = 'zendesk' | 'freshdesk' | 'intercom' | 'helpscout' | 'salesforce' | 'jira';

export interface Preset {
  columns: Record<string, string>;
  values: Record<string, Record<string, string>>;
  nullTokens: string[];
  /** Date formats (date_format syntax) tried after ISO 8601, for exports that write their own. */
  dateFormats?: string[];
  /**
   * Duration columns whose 0 means "none" when a time column is empty: Freshdesk writes
   * 00:00:00 in its business-hours columns for tickets never answered or resolved.
   */
  zeroMeansNone?: Record<string, string>;
  /**
   * csat_score texts that mean a survey was offered and not answered (Zendesk's Offered):
   * still no score for CSAT, counted for csat.response_rate. Also null tokens.
   */
  offered?: string[];
}

export const PRESETS: Record<PresetName, Preset> = {
  // Zendesk Explore / "Export as CSV" of tickets.
  zendesk: {
    columns: {
      Id: 'id',
      'Ticket ID': 'id',
      'Created at': 'created_at',
      'Solved at': 'resolved_at',
      Status: 'status',
      Via: 'channel',
      Channel: 'channel',
      Group: 'team',
      Assignee: 'agent',
      'Assignee name': 'agent',
      Priority: 'priority',
      'Requester id': 'customer_id',
      'Requester ID': 'customer_id',
      'Satisfaction Score': 'csat_score',
      'Satisfaction rating': 'csat_score',
      Reopens: 'reopened',
      // Agent replies (public comments by an agent): 0 for a ticket solved without one. Not contacts.
      Replies: 'replies',
      'Requester wait time in minutes': 'requester_wait_minutes',
      'Requester wait time in minutes within business hours': 'requester_wait_business_minutes',
      // The same metrics as Zendesk's ticket metrics name them (agent work time: new and open
      // states), in this export's wording; the "(Business)" spelling is Explore's. Not seen in a real export.
      'Requester wait time in minutes (Business)': 'requester_wait_business_minutes',
      'Agent work time in minutes': 'agent_work_minutes',
      'Agent work time in minutes within business hours': 'agent_work_business_minutes',
      'Agent work time in minutes (Business)': 'agent_work_business_minutes',
      'First reply time in minutes': 'first_response_minutes',
      'First reply time in minutes within business hours': 'first_response_business_minutes',
      'Full resolution time in minutes': 'resolution_minutes',
      'Full resolution time in minutes within business hours': 'resolution_business_minutes',
      'First reply time in minutes (Business)': 'first_response_business_minutes',
      'Full resolution time in minutes (Business)': 'resolution_business_minutes',
      // "Resolution time" in Zendesk's ticket export is whole calendar hours, created → solved.
      'Resolution time': 'resolution_hours',
    },
    values: {
      // Zendesk's satisfaction is Good/Bad; on the 1..5 CSAT scale Good is satisfied, Bad is not.
      csat_score: { good: '5', bad: '1' },
    },
    // 1900-01-01 is Zendesk's "never" date (unsolved tickets); Offered = survey sent, not answered.
    nullTokens: ['1900-01-01 00:00:00', '1900-01-01', 'Offered', 'Not Offered', 'Unoffered', '-'],
    offered: ['Offered'],
  },
  // Freshdesk Tickets → Export (CSV or Excel), "ticket fields"; times are the account's zone.
  freshdesk: {
    columns: {
      'Ticket ID': 'id',
      'Created time': 'created_at',
      'Initial response time': 'first_response_at',
      'Resolved time': 'resolved_at',
      Status: 'status',
      Source: 'channel',
      Agent: 'agent',
      Group: 'team',
      Priority: 'priority',
      'Contact ID': 'customer_id',
      'Requester email': 'customer_id',
      'Survey results': 'csat_score',
      'Survey result': 'csat_score',
      // Freshdesk's own first_res_time_bhrs / resolution_time_bhrs: BUSINESS hours, as
      // HH:MM:SS (negative when the response is dated before creation). Used only on the
      // business clock, never as a calendar time.
      'First response time (in hrs)': 'first_response_business_hours',
      'Resolution time (in hrs)': 'resolution_business_hours',
      // Agent responses on the ticket (Freshdesk's agent_responded count): 0 when none.
      'Agent interactions': 'replies',
    },
    values: {
      // The rating's label as the survey shows it (the text of Freshdesk's face values
      // 103 … −103). 5-point wording of the satisfaction survey, the 7-point happiness
      // scale folded onto 1..5, and the classic three-point survey.
      csat_score: {
        'extremely satisfied': '5',
        'mostly satisfied': '4',
        'neither satisfied nor dissatisfied': '3',
        neither: '3',
        'slightly dissatisfied': '2',
        'extremely dissatisfied': '1',
        'extremely happy': '5',
        'very happy': '4',
        happy: '4',
        neutral: '3',
        unhappy: '2',
        'very unhappy': '2',
        'extremely unhappy': '1',
        awesome: '5',
        'just okay': '3',
        'not good': '1',
      },
      // Placeholders for "unassigned", not an agent or a group called so.
      agent: { 'no agent': '' },
      team: { 'no group': '' },
    },
    nullTokens: ['-'],
    zeroMeansNone: { first_response_business_hours: 'first_response_at', resolution_business_hours: 'resolved_at' },
  },
  // Intercom Reports → Conversations dataset → Export CSV; time headers name the zone.
  intercom: {
    columns: {
      'Conversation ID': 'id',
      'Conversation started at': 'created_at',
      'Conversation created at': 'created_at',
      'Conversation first replied at': 'first_response_at',
      'Conversation first response at': 'first_response_at',
      'First response at': 'first_response_at',
      'Conversation last closed at': 'resolved_at',
      'Conversation closed at': 'resolved_at',
      'Conversation first closed at': 'resolved_at',
      'First response time (seconds)': 'first_response_seconds',
      'First response time, only within office hours (seconds)': 'first_response_business_seconds',
      'Time to close (seconds)': 'resolution_seconds',
      'Time to close, within office hours (seconds)': 'resolution_business_seconds',
      'Handling time (seconds)': 'handle_seconds',
      'Current conversation state': 'status',
      'Conversation state': 'status',
      State: 'status',
      'Teammate currently assigned': 'agent',
      'Team currently assigned': 'team',
      'Conversation priority': 'priority',
      Channel: 'channel',
      'Conversation source': 'channel',
      'User ID': 'customer_id',
      'Contact ID': 'customer_id',
      'Company ID': 'customer_id',
      'Last teammate rating': 'csat_score',
      'Conversation rating': 'csat_score',
    },
    // Ratings are 1–5 in the dataset export; the words are the Messenger's older labels.
    values: { csat_score: { amazing: '5', great: '4', ok: '3', bad: '2', terrible: '1' } },
    nullTokens: ['-'],
  },
  // Help Scout conversation export (from its documentation; no real export checked yet).
  helpscout: {
    columns: {
      'Conversation ID': 'id',
      ID: 'id',
      'Created At': 'created_at',
      Created: 'created_at',
      'First Response At': 'first_response_at',
      'Closed At': 'resolved_at',
      'Resolved At': 'resolved_at',
      Status: 'status',
      Type: 'channel',
      Assignee: 'agent',
      'Assigned To': 'agent',
      Mailbox: 'team',
      'Customer ID': 'customer_id',
      'Customer Email': 'customer_id',
      Rating: 'csat_score',
      'Happiness Rating': 'csat_score',
    },
    // Help Scout happiness ratings are Great / Okay / Not Good.
    values: { csat_score: { great: '5', okay: '3', 'not good': '1' } },
    nullTokens: ['-'],
  },
  // Salesforce Case: Data Loader / API export (field names, ISO 8601 UTC) or a Cases report
  // (field labels; dates in the user's locale, so give date_format, e.g. "M/D/YYYY h:mm A").
  salesforce: {
    columns: {
      CaseNumber: 'id',
      'Case Number': 'id',
      CreatedDate: 'created_at',
      'Date/Time Opened': 'created_at',
      ClosedDate: 'resolved_at',
      'Date/Time Closed': 'resolved_at',
      // IsClosed is the status category (true for every closed status, custom ones too).
      IsClosed: 'status',
      Closed: 'status',
      Status: 'status',
      Origin: 'channel',
      'Case Origin': 'channel',
      OwnerId: 'agent',
      'Case Owner': 'agent',
      Priority: 'priority',
      AccountId: 'customer_id',
      'Account Name': 'customer_id',
      ContactId: 'customer_id',
      'Contact Name': 'customer_id',
    },
    values: { status: { true: 'closed', false: 'open', '1': 'closed', '0': 'open' } },
    nullTokens: [],
  },
  // Jira Service Management: Issues → Export → CSV (all fields or current fields).
  jira: {
    columns: {
      'Issue key': 'id',
      Created: 'created_at',
      'Custom field ([CHART] Date of First Response)': 'first_response_at',
      Resolved: 'resolved_at',
      // The status category (To Do / In Progress / Done) is Jira's own "finished", custom statuses included.
      'Status Category': 'status',
      Status: 'status',
      Assignee: 'agent',
      Priority: 'priority',
      Reporter: 'customer_id',
      'Satisfaction rating': 'csat_score',
      'Custom field (Satisfaction)': 'csat_score',
    },
    // Done (the category, or the status of that name) and the other finished statuses of JSM's workflows.
    values: { status: { done: 'resolved', canceled: 'closed', cancelled: 'closed', declined: 'closed' } },
    nullTokens: [],
    // Jira's default CSV date: 06/Jan/26 9:29 AM (the exporting user's zone).
    dateFormats: ['DD/MMM/YY h:mm A'],
  },
};
