//! EC2's error answer: `<Response><Errors><Error><Code/><Message/></Error></Errors>
//! <RequestID/></Response>` with the HTTP status EC2 uses for that code.

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{code}: {message}")]
pub struct ApiError {
    pub status: u16,
    pub code: String,
    pub message: String,
}

impl ApiError {
    pub fn new(status: u16, code: impl Into<String>, message: impl Into<String>) -> Self {
        ApiError { status, code: code.into(), message: message.into() }
    }

    /// A 400 client error with an EC2 code.
    pub fn client(code: &str, message: impl Into<String>) -> Self {
        ApiError::new(400, code, message)
    }

    pub fn missing(name: &str) -> Self {
        ApiError::client("MissingParameter", format!("The request must contain the parameter {name}"))
    }

    pub fn invalid_value(message: impl Into<String>) -> Self {
        ApiError::client("InvalidParameterValue", message)
    }

    pub fn not_found(code: &str, what: &str, id: &str) -> Self {
        ApiError::client(code, format!("The {what} '{id}' does not exist"))
    }
}

pub type ApiResult<T> = Result<T, ApiError>;
