
      export type PossibleTypesResultData = {
  "possibleTypes": {
    "CitedFact": [
      "Attendance",
      "Engagement",
      "Incident",
      "Membership",
      "Organisation",
      "Statement",
      "Summit",
      "Tenure"
    ],
    "ImportDatasetResult": [
      "ImportReport",
      "InvalidDatasetError",
      "ValidationError"
    ],
    "MutationAddAttendanceResult": [
      "ConflictError",
      "DuplicateError",
      "MutationAddAttendanceSuccess",
      "NotFoundError",
      "ValidationError"
    ],
    "MutationCreateApiKeyResult": [
      "MutationCreateApiKeySuccess",
      "ValidationError"
    ],
    "MutationCreateCountryResult": [
      "ConflictError",
      "DuplicateError",
      "MutationCreateCountrySuccess",
      "NotFoundError",
      "ValidationError"
    ],
    "MutationCreateEngagementResult": [
      "ConflictError",
      "DuplicateError",
      "MutationCreateEngagementSuccess",
      "NotFoundError",
      "ValidationError"
    ],
    "MutationCreateIncidentResult": [
      "ConflictError",
      "DuplicateError",
      "MutationCreateIncidentSuccess",
      "NotFoundError",
      "ValidationError"
    ],
    "MutationCreateMembershipResult": [
      "ConflictError",
      "DuplicateError",
      "MutationCreateMembershipSuccess",
      "NotFoundError",
      "ValidationError"
    ],
    "MutationCreateOrganisationResult": [
      "ConflictError",
      "DuplicateError",
      "MutationCreateOrganisationSuccess",
      "NotFoundError",
      "ValidationError"
    ],
    "MutationCreatePersonResult": [
      "ConflictError",
      "DuplicateError",
      "MutationCreatePersonSuccess",
      "NotFoundError",
      "ValidationError"
    ],
    "MutationCreateSourceResult": [
      "ConflictError",
      "DuplicateError",
      "MutationCreateSourceSuccess",
      "NotFoundError",
      "ValidationError"
    ],
    "MutationCreateStatementResult": [
      "ConflictError",
      "DuplicateError",
      "MutationCreateStatementSuccess",
      "NotFoundError",
      "ValidationError"
    ],
    "MutationCreateSummitResult": [
      "ConflictError",
      "DuplicateError",
      "MutationCreateSummitSuccess",
      "NotFoundError",
      "ValidationError"
    ],
    "MutationCreateTenureResult": [
      "ConflictError",
      "DuplicateError",
      "MutationCreateTenureSuccess",
      "NotFoundError",
      "ValidationError"
    ],
    "MutationRetractResult": [
      "ConflictError",
      "DuplicateError",
      "MutationRetractSuccess",
      "NotFoundError",
      "ValidationError"
    ],
    "MutationRevokeApiKeyResult": [
      "MutationRevokeApiKeySuccess",
      "NotFoundError"
    ],
    "MutationSetEngagementStatusResult": [
      "ConflictError",
      "DuplicateError",
      "MutationSetEngagementStatusSuccess",
      "NotFoundError",
      "ValidationError"
    ],
    "MutationUpdateAttendanceResult": [
      "ConflictError",
      "DuplicateError",
      "MutationUpdateAttendanceSuccess",
      "NotFoundError",
      "ValidationError"
    ],
    "MutationUpdateCountryResult": [
      "ConflictError",
      "DuplicateError",
      "MutationUpdateCountrySuccess",
      "NotFoundError",
      "ValidationError"
    ],
    "MutationUpdateEngagementResult": [
      "ConflictError",
      "DuplicateError",
      "MutationUpdateEngagementSuccess",
      "NotFoundError",
      "ValidationError"
    ],
    "MutationUpdateIncidentResult": [
      "ConflictError",
      "DuplicateError",
      "MutationUpdateIncidentSuccess",
      "NotFoundError",
      "ValidationError"
    ],
    "MutationUpdateMembershipResult": [
      "ConflictError",
      "DuplicateError",
      "MutationUpdateMembershipSuccess",
      "NotFoundError",
      "ValidationError"
    ],
    "MutationUpdateOrganisationResult": [
      "ConflictError",
      "DuplicateError",
      "MutationUpdateOrganisationSuccess",
      "NotFoundError",
      "ValidationError"
    ],
    "MutationUpdatePersonResult": [
      "ConflictError",
      "DuplicateError",
      "MutationUpdatePersonSuccess",
      "NotFoundError",
      "ValidationError"
    ],
    "MutationUpdateSourceResult": [
      "ConflictError",
      "DuplicateError",
      "MutationUpdateSourceSuccess",
      "NotFoundError",
      "ValidationError"
    ],
    "MutationUpdateStatementResult": [
      "ConflictError",
      "DuplicateError",
      "MutationUpdateStatementSuccess",
      "NotFoundError",
      "ValidationError"
    ],
    "MutationUpdateSummitResult": [
      "ConflictError",
      "DuplicateError",
      "MutationUpdateSummitSuccess",
      "NotFoundError",
      "ValidationError"
    ],
    "MutationUpdateTenureResult": [
      "ConflictError",
      "DuplicateError",
      "MutationUpdateTenureSuccess",
      "NotFoundError",
      "ValidationError"
    ],
    "Node": [
      "ApiKey",
      "Attendance",
      "Country",
      "Engagement",
      "EngagementParticipant",
      "EventSeries",
      "Incident",
      "Membership",
      "Organisation",
      "Person",
      "Source",
      "Statement",
      "Summit",
      "Tenure"
    ],
    "SearchResult": [
      "Country",
      "Engagement",
      "Incident",
      "Organisation",
      "Person",
      "Statement",
      "Summit"
    ],
    "TimelineItem": [
      "Engagement",
      "Incident",
      "Statement",
      "Summit"
    ],
    "UserError": [
      "ConflictError",
      "DuplicateError",
      "InvalidDatasetError",
      "NotFoundError",
      "ValidationError"
    ]
  }
};
      const result: PossibleTypesResultData = {
  "possibleTypes": {
    "CitedFact": [
      "Attendance",
      "Engagement",
      "Incident",
      "Membership",
      "Organisation",
      "Statement",
      "Summit",
      "Tenure"
    ],
    "ImportDatasetResult": [
      "ImportReport",
      "InvalidDatasetError",
      "ValidationError"
    ],
    "MutationAddAttendanceResult": [
      "ConflictError",
      "DuplicateError",
      "MutationAddAttendanceSuccess",
      "NotFoundError",
      "ValidationError"
    ],
    "MutationCreateApiKeyResult": [
      "MutationCreateApiKeySuccess",
      "ValidationError"
    ],
    "MutationCreateCountryResult": [
      "ConflictError",
      "DuplicateError",
      "MutationCreateCountrySuccess",
      "NotFoundError",
      "ValidationError"
    ],
    "MutationCreateEngagementResult": [
      "ConflictError",
      "DuplicateError",
      "MutationCreateEngagementSuccess",
      "NotFoundError",
      "ValidationError"
    ],
    "MutationCreateIncidentResult": [
      "ConflictError",
      "DuplicateError",
      "MutationCreateIncidentSuccess",
      "NotFoundError",
      "ValidationError"
    ],
    "MutationCreateMembershipResult": [
      "ConflictError",
      "DuplicateError",
      "MutationCreateMembershipSuccess",
      "NotFoundError",
      "ValidationError"
    ],
    "MutationCreateOrganisationResult": [
      "ConflictError",
      "DuplicateError",
      "MutationCreateOrganisationSuccess",
      "NotFoundError",
      "ValidationError"
    ],
    "MutationCreatePersonResult": [
      "ConflictError",
      "DuplicateError",
      "MutationCreatePersonSuccess",
      "NotFoundError",
      "ValidationError"
    ],
    "MutationCreateSourceResult": [
      "ConflictError",
      "DuplicateError",
      "MutationCreateSourceSuccess",
      "NotFoundError",
      "ValidationError"
    ],
    "MutationCreateStatementResult": [
      "ConflictError",
      "DuplicateError",
      "MutationCreateStatementSuccess",
      "NotFoundError",
      "ValidationError"
    ],
    "MutationCreateSummitResult": [
      "ConflictError",
      "DuplicateError",
      "MutationCreateSummitSuccess",
      "NotFoundError",
      "ValidationError"
    ],
    "MutationCreateTenureResult": [
      "ConflictError",
      "DuplicateError",
      "MutationCreateTenureSuccess",
      "NotFoundError",
      "ValidationError"
    ],
    "MutationRetractResult": [
      "ConflictError",
      "DuplicateError",
      "MutationRetractSuccess",
      "NotFoundError",
      "ValidationError"
    ],
    "MutationRevokeApiKeyResult": [
      "MutationRevokeApiKeySuccess",
      "NotFoundError"
    ],
    "MutationSetEngagementStatusResult": [
      "ConflictError",
      "DuplicateError",
      "MutationSetEngagementStatusSuccess",
      "NotFoundError",
      "ValidationError"
    ],
    "MutationUpdateAttendanceResult": [
      "ConflictError",
      "DuplicateError",
      "MutationUpdateAttendanceSuccess",
      "NotFoundError",
      "ValidationError"
    ],
    "MutationUpdateCountryResult": [
      "ConflictError",
      "DuplicateError",
      "MutationUpdateCountrySuccess",
      "NotFoundError",
      "ValidationError"
    ],
    "MutationUpdateEngagementResult": [
      "ConflictError",
      "DuplicateError",
      "MutationUpdateEngagementSuccess",
      "NotFoundError",
      "ValidationError"
    ],
    "MutationUpdateIncidentResult": [
      "ConflictError",
      "DuplicateError",
      "MutationUpdateIncidentSuccess",
      "NotFoundError",
      "ValidationError"
    ],
    "MutationUpdateMembershipResult": [
      "ConflictError",
      "DuplicateError",
      "MutationUpdateMembershipSuccess",
      "NotFoundError",
      "ValidationError"
    ],
    "MutationUpdateOrganisationResult": [
      "ConflictError",
      "DuplicateError",
      "MutationUpdateOrganisationSuccess",
      "NotFoundError",
      "ValidationError"
    ],
    "MutationUpdatePersonResult": [
      "ConflictError",
      "DuplicateError",
      "MutationUpdatePersonSuccess",
      "NotFoundError",
      "ValidationError"
    ],
    "MutationUpdateSourceResult": [
      "ConflictError",
      "DuplicateError",
      "MutationUpdateSourceSuccess",
      "NotFoundError",
      "ValidationError"
    ],
    "MutationUpdateStatementResult": [
      "ConflictError",
      "DuplicateError",
      "MutationUpdateStatementSuccess",
      "NotFoundError",
      "ValidationError"
    ],
    "MutationUpdateSummitResult": [
      "ConflictError",
      "DuplicateError",
      "MutationUpdateSummitSuccess",
      "NotFoundError",
      "ValidationError"
    ],
    "MutationUpdateTenureResult": [
      "ConflictError",
      "DuplicateError",
      "MutationUpdateTenureSuccess",
      "NotFoundError",
      "ValidationError"
    ],
    "Node": [
      "ApiKey",
      "Attendance",
      "Country",
      "Engagement",
      "EngagementParticipant",
      "EventSeries",
      "Incident",
      "Membership",
      "Organisation",
      "Person",
      "Source",
      "Statement",
      "Summit",
      "Tenure"
    ],
    "SearchResult": [
      "Country",
      "Engagement",
      "Incident",
      "Organisation",
      "Person",
      "Statement",
      "Summit"
    ],
    "TimelineItem": [
      "Engagement",
      "Incident",
      "Statement",
      "Summit"
    ],
    "UserError": [
      "ConflictError",
      "DuplicateError",
      "InvalidDatasetError",
      "NotFoundError",
      "ValidationError"
    ]
  }
};
      export default result;
    