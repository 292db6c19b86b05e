//! Regions: which ones the account has enabled, and running one query in every
//! enabled region at once (bounded), because key pairs and AMIs are regional and
//! people lose track of what lives where.

use std::future::Future;

use futures::stream::{self, StreamExt};
use serde::Serialize;

use crate::access::{Aws, Target};
use crate::error::{classify, Error, Result};

/// How many regions are queried at once in an all-regions view. EC2's request
/// limits are per region, so this only bounds our own sockets and memory.
pub const REGION_CONCURRENCY: usize = 8;

#[derive(Debug, Clone, PartialEq, Eq, Serialize, specta::Type)]
pub struct RegionInfo {
    pub name: String,
    /// `opt-in-not-required`, `opted-in` or `not-opted-in`, as EC2 reports it.
    pub opt_in_status: Option<String>,
}

/// Regions enabled for the account, sorted by name (DescribeRegions, asked in `target`).
pub async fn enabled_regions(aws: &Aws, target: &Target) -> Result<Vec<RegionInfo>> {
    let out = aws
        .ec2(target)
        .await
        .describe_regions()
        .send()
        .await
        .map_err(|e| classify(e, &target.context("DescribeRegions")))?;
    let mut regions: Vec<RegionInfo> = out
        .regions()
        .iter()
        // AWS omits regions that are not opted in unless AllRegions is set; moto does
        // not, and a not-opted-in region could only ever answer OptInRequired.
        .filter(|r| r.opt_in_status() != Some("not-opted-in"))
        .filter_map(|r| {
            Some(RegionInfo { name: r.region_name()?.to_string(), opt_in_status: r.opt_in_status().map(str::to_string) })
        })
        .collect();
    regions.sort_by(|a, b| a.name.cmp(&b.name));
    Ok(regions)
}

/// One region's failure inside an all-regions result: the rest still count.
#[derive(Debug, Clone, Serialize, specta::Type)]
pub struct RegionFailure {
    pub region: String,
    pub error: Error,
}

#[derive(Debug, Clone, Serialize)]
pub struct AcrossRegions<T> {
    pub items: Vec<T>,
    pub regions: Vec<String>,
    pub failures: Vec<RegionFailure>,
}

/// Run `query` in every enabled region (found from `home`), at most
/// [`REGION_CONCURRENCY`] at a time. Fails only if the region list itself fails.
pub async fn across_regions<T, F, Fut>(aws: &Aws, home: &Target, query: F) -> Result<AcrossRegions<T>>
where
    F: Fn(Target) -> Fut,
    Fut: Future<Output = Result<Vec<T>>>,
{
    let regions: Vec<String> = enabled_regions(aws, home).await?.into_iter().map(|r| r.name).collect();
    let results: Vec<(String, Result<Vec<T>>)> = stream::iter(regions.iter().cloned())
        .map(|region| {
            let fut = query(Target::new(home.profile.clone(), region.clone()));
            async move { (region, fut.await) }
        })
        .buffer_unordered(REGION_CONCURRENCY)
        .collect()
        .await;
    let mut out = AcrossRegions { items: Vec::new(), regions, failures: Vec::new() };
    for (region, result) in results {
        match result {
            Ok(mut items) => out.items.append(&mut items),
            Err(error) => out.failures.push(RegionFailure { region, error }),
        }
    }
    out.failures.sort_by(|a, b| a.region.cmp(&b.region));
    Ok(out)
}
