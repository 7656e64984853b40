import Foundation

/// The example bodies of the vendor specs in `shared/specs/`, verbatim where the spec gives a
/// whole body, assembled from the spec's own field examples where it gives only pieces (Prefactor,
/// the metokens problem body).
public enum SpecExamples {
    /// provisionr-list-workspace-tokens.txt, the 200 example.
    public static let provisionrList = """
    {
      "current_page": 2,
      "data": [
        {
          "id": "<string>",
          "name": "cli_activation",
          "description": "<string>",
          "abilities": [
            "<string>"
          ],
          "timestamp": {
            "created_at": "<string>",
            "last_used_at": "<string>",
            "expires_at": "<string>",
            "expires_at_mins": 123,
            "requested_at": "<string>"
          },
          "_embedded": [
            "<string>"
          ],
          "_links": {
            "self": "<string>"
          }
        }
      ],
      "first_page_url": "<string>",
      "from": 2,
      "last_page_url": "<string>",
      "last_page": 2,
      "links": [
        {
          "url": "<string>",
          "label": "<string>",
          "active": true
        }
      ],
      "next_page_url": "<string>",
      "path": "<string>",
      "per_page": 1,
      "prev_page_url": "<string>",
      "to": 2,
      "total": 1
    }
    """

    /// provisionr-create-service-access-token.txt, the response example.
    public static let provisionrCreated = """
    {
      "id": "<string>",
      "name": "cli_activation",
      "description": "<string>",
      "abilities": [
        "<string>"
      ],
      "timestamp": {
        "created_at": "<string>",
        "last_used_at": "<string>",
        "expires_at": "<string>",
        "expires_at_mins": 123,
        "requested_at": "<string>"
      },
      "_embedded": [
        "<string>"
      ],
      "_links": {
        "self": "<string>"
      }
    }
    """

    /// provisionr-create-service-access-token.txt: the documented `timestamp` example.
    public static let provisionrTimestampExample = """
    {
    "created_at": "2024-03-15T10:30:00.000000Z",
    "last_used_at": "2024-03-16T08:00:00.000000Z",
    "expires_at": "2024-04-15T10:30:00.000000Z",
    "expires_at_mins": 43200,
    "requested_at": "2024-03-16T10:00:00.000000Z"
    }
    """

    /// prefactor-list-api-tokens.txt: each field's documented example, in one success body.
    public static let prefactorList = """
    {
      "status": "success",
      "summaries": [
        {
          "account_id": "013xrzp12g3nqk8ngskn1wtxgka5b0nf",
          "created_by_admin_user_id": "013xrzp12g3nqk8nh0qrc2b1jfanmvb9",
          "environment_id": "013xrzp12g3nqk8nzxvq7jm2arsfg5h1",
          "expires_at": "2024-01-01T00:00:00Z",
          "id": "013xrzp12g3nqk8n7f8f9jbg8d18q7tm",
          "inserted_at": "2024-01-01T00:00:00Z",
          "last_used_at": "2024-01-01T00:00:00Z",
          "status": "active",
          "token_scope": "account",
          "type": "api_token",
          "updated_at": "2024-01-01T00:00:00Z"
        }
      ],
      "pagination": {
        "item_count": 200,
        "item_end": 100,
        "item_start": 91,
        "next_page_offset": 110,
        "page_count": 20,
        "page_index": 10,
        "page_offset": 90,
        "page_size": 10,
        "previous_page_offset": 80
      },
      "sorting": {
        "direction": "asc",
        "field": "id"
      }
    }
    """

    /// prefactor-list-api-tokens.txt: the error shape with its example code.
    public static let prefactorError = """
    {"status": "error", "code": "bad_request", "message": "pagination[page_size] must be at most 100"}
    """

    /// me-tokens-list.txt, the 200 example.
    public static let metokensList = """
    { "data": [ { "id": 1, "name": "Production Deploy", "status": "active", "last_used_at": "2024-04-11T14:35:05Z", "usage_count": 42, "expires_at": null, "created_at": "2024-03-01T18:11:00Z", "allowed_ips": null } ], "links": { "first": "https://example.edu/api/v1/me/tokens?page=1", "last": "https://example.edu/api/v1/me/tokens?page=1", "prev": null, "next": null }, "meta": { "current_page": 1, "from": 1, "last_page": 1, "links": [ { "url": null, "label": "« Previous", "page": null, "active": false }, { "url": "https://example.edu/api/v1/me/tokens?page=1", "label": "1", "page": 1, "active": true }, { "url": null, "label": "Next »", "page": null, "active": false } ], "path": "https://example.edu/api/v1/me/tokens", "per_page": 20, "to": 15, "total": 15 }}
    """

    /// me-tokens-list.txt: the 401 problem details, from each field's example.
    public static let metokensProblem = """
    {"type": "about:blank", "title": "Unauthorized", "status": 401, "detail": "Authentication failed", "instance": "/api/v1/me", "trace_id": "b4f5aa7a-1470-4d92-8d3c-98e7c7de9f5f"}
    """

    /// truefoundry-list-personal-access-tokens.txt, the 200 example.
    public static let truefoundryList = """
    {
    "data": [
    {
    "id": "<string>",
    "name": "<string>",
    "type": "<string>",
    "tenantName": "<string>",
    "manifest": {
    "name": "<string>",
    "type": "virtual-account",
    "expiration_date": "<string>",
    "permissions": [
    {
    "resource_fqn": "<string>",
    "resource_type": "<string>",
    "role_id": "<string>"
    }
    ]
    },
    "createdBySubject": {
    "subjectId": "<string>",
    "subjectType": "user",
    "subjectSlug": "<string>",
    "subjectDisplayName": "<string>"
    },
    "createdAt": "2023-11-07T05:31:56Z",
    "updatedAt": "2023-11-07T05:31:56Z",
    "createdBy": "<string>"
    }
    ],
    "pagination": {
    "total": 100,
    "offset": 0,
    "limit": 10
    }
    }
    """
}
