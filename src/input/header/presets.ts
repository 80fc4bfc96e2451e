/**
 * Helpdesk export presets (--preset): each maps a helpdesk's own CSV export headers onto
 * the canonical columns, with its null tokens and rating words. Keys are header names as
 * the helpdesk writes them; they are matched like any header (case-insensitive, spaces ≡
 * underscores). A config file's own columns/values/null_tokens add to and override these.
 */
export type PresetName = 'zendesk' | 'freshdesk' | 'intercom' | 'helpscout';

export interface Preset {
  columns: Record<string, string>;
  values: Record<string, Record<string, string>>;
  nullTokens: string[];
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
      'First reply time in minutes': 'first_response_minutes',
      'First reply time in minutes within business hours': 'first_response_business_minutes',
      'Full resolution time in minutes': 'resolution_minutes',
      'Full resolution time in minutes within business hours': 'resolution_business_minutes',
      // "Resolution time" in Zendesk's ticket export is whole calendar hours, created → solved.
      'Resolution time': 'resolution_hours',
    },
    values: {
      // Zendesk's satisfaction is Good/Bad; on the 1..5 CSAT scale Good is satisfied, Bad is not.
      csat_score: { good: '5', bad: '1' },
    },
    // 1900-01-01 is Zendesk's "never" date (unsolved tickets); Offered = survey sent, not answered.
    nullTokens: ['1900-01-01 00:00:00', '1900-01-01', 'Offered', 'Not Offered', 'Unoffered', '-'],
  },
  // Freshdesk "Export tickets" CSV.
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
      // Freshdesk writes these as HH:MM:SS (clock text is absolute, whatever the unit).
      'First response time (in hrs)': 'first_response_hours',
      'Resolution time (in hrs)': 'resolution_hours',
    },
    values: {
      csat_score: {
        awesome: '5',
        'extremely happy': '5',
        happy: '4',
        neutral: '3',
        'just okay': '3',
        unhappy: '2',
        'not good': '1',
        'extremely unhappy': '1',
      },
    },
    nullTokens: ['-'],
  },
  // Intercom conversation export.
  intercom: {
    columns: {
      'Conversation ID': 'id',
      'Conversation created at': 'created_at',
      'Conversation started at': 'created_at',
      'Conversation first response at': 'first_response_at',
      'First response at': 'first_response_at',
      'Conversation first replied at': 'first_response_at',
      'Conversation closed at': 'resolved_at',
      'Conversation last closed at': 'resolved_at',
      'Conversation state': 'status',
      State: 'status',
      'Teammate currently assigned': 'agent',
      'Team currently assigned': 'team',
      'Conversation source type': 'channel',
      Channel: 'channel',
      'User ID': 'customer_id',
      'Contact ID': 'customer_id',
      'Last teammate rating': 'csat_score',
      'Conversation rating': 'csat_score',
    },
    values: { csat_score: { amazing: '5', great: '4', ok: '3', bad: '2', terrible: '1' } },
    nullTokens: ['-'],
  },
  // Help Scout conversation export.
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
};
