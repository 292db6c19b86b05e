//! Fault injection for tests: latency (fixed plus jitter) and a rate of throttling,
//! 500 and 503 answers, for every action or per action.

use std::collections::BTreeMap;
use std::time::Duration;

use rand::Rng;
use serde::{Deserialize, Serialize};

use crate::error::ApiError;

#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct Fault {
    #[serde(default)]
    pub latency_ms: u64,
    #[serde(default)]
    pub jitter_ms: u64,
    /// Share of requests (0.0–1.0) answered with RequestLimitExceeded (HTTP 503).
    #[serde(default)]
    pub throttle_rate: f64,
    /// Share answered with InternalError (HTTP 500).
    #[serde(default)]
    pub error500_rate: f64,
    /// Share answered with Unavailable (HTTP 503).
    #[serde(default)]
    pub error503_rate: f64,
}

#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct Faults {
    /// Applies to every action without its own entry.
    #[serde(default)]
    pub all: Fault,
    #[serde(default)]
    pub actions: BTreeMap<String, Fault>,
}

impl Faults {
    fn for_action(&self, action: &str) -> &Fault {
        self.actions.get(action).unwrap_or(&self.all)
    }

    pub fn delay(&self, action: &str) -> Duration {
        let f = self.for_action(action);
        let jitter = if f.jitter_ms > 0 { rand::thread_rng().gen_range(0..=f.jitter_ms) } else { 0 };
        Duration::from_millis(f.latency_ms + jitter)
    }

    /// An injected error for this request, if the dice say so.
    pub fn roll(&self, action: &str) -> Option<ApiError> {
        let f = self.for_action(action);
        let x: f64 = rand::thread_rng().gen();
        if x < f.throttle_rate {
            Some(ApiError::new(503, "RequestLimitExceeded", "Request limit exceeded. (Injected by the practice sandbox.)"))
        } else if x < f.throttle_rate + f.error500_rate {
            Some(ApiError::new(500, "InternalError", "An internal error has occurred. (Injected by the practice sandbox.)"))
        } else if x < f.throttle_rate + f.error500_rate + f.error503_rate {
            Some(ApiError::new(503, "Unavailable", "The server is overloaded. (Injected by the practice sandbox.)"))
        } else {
            None
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rates_and_per_action_overrides() {
        let mut f = Faults { all: Fault { throttle_rate: 1.0, ..Fault::default() }, ..Faults::default() };
        f.actions.insert("DescribeRegions".into(), Fault::default());
        assert_eq!(f.roll("DescribeImages").unwrap().code, "RequestLimitExceeded");
        assert!(f.roll("DescribeRegions").is_none());
        let f = Faults { all: Fault { latency_ms: 5, jitter_ms: 5, ..Fault::default() }, ..Faults::default() };
        let d = f.delay("X").as_millis();
        assert!((5..=10).contains(&d));
    }
}
