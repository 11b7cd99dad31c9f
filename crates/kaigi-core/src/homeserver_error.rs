//! Turning homeserver and HTTP failures into an [`ErrorCode`] a user can act on.

use matrix_sdk::ruma::api::error::ErrorKind;
use matrix_sdk::{Error, HttpError};

use crate::ErrorCode;

pub(crate) fn classify_http(error: &HttpError) -> ErrorCode {
    if let HttpError::Reqwest(e) = error {
        if e.is_timeout() {
            return ErrorCode::Timeout;
        }
        if e.is_connect() || e.is_request() {
            return ErrorCode::ServerUnreachable;
        }
    }
    match error.client_api_error_kind() {
        Some(kind) => classify_kind(kind),
        None => ErrorCode::Internal,
    }
}

pub(crate) fn classify(error: &Error) -> ErrorCode {
    match error {
        Error::Http(http) => classify_http(http),
        _ => match error.client_api_error_kind() {
            Some(kind) => classify_kind(kind),
            None => ErrorCode::Internal,
        },
    }
}

fn classify_kind(kind: &ErrorKind) -> ErrorCode {
    match kind {
        ErrorKind::Forbidden | ErrorKind::UserDeactivated => ErrorCode::Forbidden,
        ErrorKind::LimitExceeded(_) => ErrorCode::RateLimited,
        ErrorKind::UnknownToken(_) | ErrorKind::MissingToken => ErrorCode::NotSignedIn,
        ErrorKind::NotFound => ErrorCode::NotFound,
        ErrorKind::InvalidParam | ErrorKind::BadJson | ErrorKind::NotJson => {
            ErrorCode::InvalidInput
        }
        _ => ErrorCode::Internal,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn known_error_kinds_map_to_user_facing_codes() {
        assert_eq!(classify_kind(&ErrorKind::Forbidden), ErrorCode::Forbidden);
        assert_eq!(
            classify_kind(&ErrorKind::LimitExceeded(Default::default())),
            ErrorCode::RateLimited
        );
        assert_eq!(
            classify_kind(&ErrorKind::MissingToken),
            ErrorCode::NotSignedIn
        );
        assert_eq!(classify_kind(&ErrorKind::Unrecognized), ErrorCode::Internal);
    }
}
