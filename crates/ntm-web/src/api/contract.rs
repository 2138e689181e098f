//! What the OpenAPI document promises beyond each handler's annotations:
//! every operation documents the errors every operation can answer (each
//! with a description and the problem+json body), and those with a body
//! the refusals of a body (too large, wrong type). Checked by
//! `openapi-spec-validator` and schemathesis in CI (.ci/run).

use utoipa::Modify;
use utoipa::openapi::path::Operation;
use utoipa::openapi::{ContentBuilder, RefOr, ResponseBuilder};

/// (status, description) of the errors any operation may answer.
const ALWAYS: &[(&str, &str)] = &[
    (
        "400",
        "A malformed request: a query parameter of the wrong type or format (the problem names it)",
    ),
    ("401", "No API key, or one that is unknown, expired or revoked"),
    ("403", "The caller may not do this"),
    (
        "404",
        "No such unit, set, file or key — or one outside the caller's scope, answered exactly alike",
    ),
    ("408", "The request took longer than the server allows"),
    (
        "422",
        "Well-formed but wrong: `errors` lists each field or cell and why",
    ),
    (
        "500",
        "A failure inside ntm; `correlation_id` names the server log entry",
    ),
];

/// (status, description) of the refusals of a request body.
const WITH_BODY: &[(&str, &str)] = &[
    (
        "413",
        "The body is over its limit (JSON 2 MB, imports 50 MB, evidence 10 MB)",
    ),
    ("415", "The body is not of the documented content type"),
];

fn problem_response(description: &str) -> RefOr<utoipa::openapi::Response> {
    RefOr::T(
        ResponseBuilder::new()
            .description(description)
            .content(
                "application/problem+json",
                ContentBuilder::new()
                    .schema(Some(RefOr::Ref(utoipa::openapi::Ref::from_schema_name(
                        "Problem",
                    ))))
                    .build(),
            )
            .build(),
    )
}

fn complete(operation: &mut Operation) {
    let responses = &mut operation.responses.responses;
    for response in responses.values_mut() {
        if let RefOr::T(r) = response
            && r.description.is_empty()
        {
            r.description = "See the operation's summary".to_string();
        }
    }
    let with_body = operation.request_body.is_some();
    for (status, description) in ALWAYS.iter().chain(WITH_BODY.iter().filter(|_| with_body)) {
        responses
            .entry((*status).to_string())
            .or_insert_with(|| problem_response(description));
    }
}

/// Completes every operation's responses.
#[derive(Debug)]
pub struct StandardResponses;

impl Modify for StandardResponses {
    fn modify(&self, openapi: &mut utoipa::openapi::OpenApi) {
        for item in openapi.paths.paths.values_mut() {
            for operation in [
                item.get.as_mut(),
                item.put.as_mut(),
                item.post.as_mut(),
                item.delete.as_mut(),
                item.patch.as_mut(),
            ]
            .into_iter()
            .flatten()
            {
                complete(operation);
            }
        }
    }
}
