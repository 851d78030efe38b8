//! `ChunkAccessor`: paging through the result set a `Find*` method left on the server.
//!
//! A result set is read with `GetItemsCount`, then `GetItemsChunk` page by page (the records
//! come in out-parameter `pChunk` under `KLCSP_ITERATOR_ARRAY`), and must be released with
//! `Release` (KSC Open API reference, class `ChunkAccessor`).

use super::client::{KscClient, wrong_type};
use super::error::KscError;
use super::read::params_list;
use crate::wire::{DecodeError, Params, Value};

/// Records per `GetItemsChunk` call unless a caller asks otherwise.
pub const DEFAULT_PAGE_SIZE: i32 = 100;

/// The name of the records array inside `pChunk`.
const ITERATOR_ARRAY: &str = "KLCSP_ITERATOR_ARRAY";

/// The `ChunkAccessor` class of one server.
#[derive(Clone, Copy, Debug)]
pub struct ChunkAccessor<'a> {
    client: &'a KscClient,
}

/// Reads the records out of a `GetItemsChunk` reply's `pChunk`.
pub(crate) fn chunk_records(chunk: &Params) -> Result<Vec<Params>, DecodeError> {
    let path = format!("pChunk.{ITERATOR_ARRAY}");
    match chunk.get(ITERATOR_ARRAY) {
        None | Some(Value::Null) => Ok(Vec::new()),
        Some(Value::Array(items)) => params_list(items, &path, |p, _| Ok(p.clone())),
        Some(other) => Err(wrong_type(&path, "an array", other)),
    }
}

impl<'a> ChunkAccessor<'a> {
    /// Wraps a client.
    pub fn new(client: &'a KscClient) -> Self {
        Self { client }
    }

    /// `GetItemsCount`: the number of records in the result set.
    pub async fn get_items_count(&self, accessor: &str) -> Result<i64, KscError> {
        self.client
            .call_decoded(
                "ChunkAccessor.GetItemsCount",
                &[("strAccessor", accessor.into())],
                |r| r.retval_i64(),
            )
            .await
    }

    /// `GetItemsChunk`: up to `count` records from position `start`.
    pub async fn get_items_chunk(
        &self,
        accessor: &str,
        start: i32,
        count: i32,
    ) -> Result<Vec<Params>, KscError> {
        self.client
            .call_decoded(
                "ChunkAccessor.GetItemsChunk",
                &[
                    ("strAccessor", accessor.into()),
                    ("nStart", start.into()),
                    ("nCount", count.into()),
                ],
                |r| chunk_records(&r.out_params("pChunk")?),
            )
            .await
    }

    /// `Release`: frees the result set on the server.
    pub async fn release(&self, accessor: &str) -> Result<(), KscError> {
        self.client
            .call("ChunkAccessor.Release", &[("strAccessor", accessor.into())])
            .await
            .map(|_| ())
    }

    /// Reads every record, `page_size` at a time, and releases the result set even on error.
    pub async fn fetch_all(&self, accessor: &str, page_size: i32) -> Result<Vec<Params>, KscError> {
        let result = self.read_pages(accessor, page_size.max(1)).await;
        match (result, self.release(accessor).await) {
            (Ok(records), Ok(())) => Ok(records),
            (Ok(records), Err(e)) => {
                // The records are complete; a result set left behind expires on the server.
                tracing::warn!(error = %e, "releasing a result set failed");
                Ok(records)
            }
            (Err(e), _) => Err(e),
        }
    }

    async fn read_pages(&self, accessor: &str, page_size: i32) -> Result<Vec<Params>, KscError> {
        let total = self.get_items_count(accessor).await?;
        let mut records = Vec::new();
        while i64::try_from(records.len()).unwrap_or(i64::MAX) < total {
            let start = i32::try_from(records.len()).map_err(|_| {
                self.client.decode_error(
                    "ChunkAccessor.GetItemsChunk",
                    "more records than an int counts",
                )
            })?;
            let page = self.get_items_chunk(accessor, start, page_size).await?;
            if page.is_empty() {
                // Fewer records than counted (the set changed); stop instead of looping.
                break;
            }
            records.extend(page);
        }
        Ok(records)
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used, clippy::expect_used)]
mod tests {
    use super::*;
    use crate::kloapi::client::{Body, parse_body};

    #[test]
    fn chunk_records_from_a_real_shaped_reply() {
        let body = br#"{"PxgRetVal":2,"pChunk":{"KLCSP_ITERATOR_ARRAY":[
            {"type":"params","value":{"KLSRVH_SRV_ID":1,"name":"Managed devices"}},
            {"type":"params","value":{"KLSRVH_SRV_ID":2,"name":"Branches"}}]}}"#;
        let Body::Reply(r) = parse_body(body).unwrap() else {
            panic!()
        };
        let records = chunk_records(&r.out_params("pChunk").unwrap()).unwrap();
        assert_eq!(records.len(), 2);
        assert_eq!(records[1].get_i32("KLSRVH_SRV_ID"), Some(2));
        let bad = Params::new().with(ITERATOR_ARRAY, Value::Array(vec![Value::Int(1)]));
        let e = chunk_records(&bad).unwrap_err();
        assert_eq!(e.path, "pChunk.KLCSP_ITERATOR_ARRAY[0]");
    }
}
