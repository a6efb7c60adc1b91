//! Parquet files for warehouses (DuckDB, Spark, BigQuery, pandas): [`write_query`] runs one
//! SELECT and writes its rows as one Parquet file, streamed in record batches of
//! [`BATCH_ROWS`] rows, so memory stays flat however large the table.
//!
//! Each column's type comes from the schema: a column that is a table's column takes its
//! declared type (INTEGER → Int64, REAL → Float64, TEXT → Utf8, BLOB → Binary), a day (`published`, `as_of`,
//! stored as YYYY-MM-DD text) becomes Date32, and a computed column of a view (`count(*)`,
//! `length(body)`) takes the type of its first value that is not NULL. Every column is nullable;
//! NULL stays null. Pages are compressed with Snappy, which every Parquet reader reads.

use std::fs::File;
use std::path::Path;
use std::sync::Arc;

use anyhow::{anyhow, bail, Context as _};
use arrow_array::builder::{
    BinaryBuilder, Date32Builder, Float64Builder, Int64Builder, StringBuilder,
};
use arrow_array::{ArrayRef, RecordBatch};
use arrow_schema::{DataType, Field, Schema};
use parquet::arrow::ArrowWriter;
use parquet::basic::Compression;
use parquet::file::properties::WriterProperties;
use rusqlite::types::{Value, ValueRef};
use rusqlite::Connection;

/// How many rows one record batch (and so one write) holds.
pub const BATCH_ROWS: usize = 8192;

/// The columns that hold a day as YYYY-MM-DD text.
pub const DATE_COLUMNS: [&str; 2] = ["published", "as_of"];

/// The Julian day of 1970-01-01, from which Date32 counts.
const UNIX_EPOCH_JULIAN_DAY: i32 = 2_440_588;

/// A column's type in the file.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Type {
    Int,
    Float,
    Text,
    Date,
    Bytes,
}

impl Type {
    /// The type of column `name` declared `decl` (SQLite's affinity rules); `None` for a
    /// computed column.
    fn declared(name: &str, decl: Option<&str>) -> Option<Type> {
        if DATE_COLUMNS.contains(&name) {
            return Some(Type::Date);
        }
        let decl = decl?.to_ascii_uppercase();
        Some(if decl.contains("INT") {
            Type::Int
        } else if ["REAL", "FLOA", "DOUB"].iter().any(|t| decl.contains(t)) {
            Type::Float
        } else if decl.contains("BLOB") {
            Type::Bytes
        } else {
            Type::Text
        })
    }

    /// The type of a computed column, from its first value that is not NULL (text if none).
    fn of_value<'a>(mut values: impl Iterator<Item = &'a Value>) -> Type {
        match values.find(|v| !matches!(v, Value::Null)) {
            Some(Value::Integer(_)) => Type::Int,
            Some(Value::Real(_)) => Type::Float,
            Some(Value::Blob(_)) => Type::Bytes,
            _ => Type::Text,
        }
    }

    fn arrow(self) -> DataType {
        match self {
            Type::Int => DataType::Int64,
            Type::Float => DataType::Float64,
            Type::Text => DataType::Utf8,
            Type::Date => DataType::Date32,
            Type::Bytes => DataType::Binary,
        }
    }
}

/// The values of one column of the batch being built.
enum Builder {
    Int(Int64Builder),
    Float(Float64Builder),
    Text(StringBuilder),
    Date(Date32Builder),
    Bytes(BinaryBuilder),
}

impl Builder {
    fn new(t: Type) -> Self {
        match t {
            Type::Int => Builder::Int(Int64Builder::with_capacity(BATCH_ROWS)),
            Type::Float => Builder::Float(Float64Builder::with_capacity(BATCH_ROWS)),
            Type::Text => Builder::Text(StringBuilder::new()),
            Type::Date => Builder::Date(Date32Builder::with_capacity(BATCH_ROWS)),
            Type::Bytes => Builder::Bytes(BinaryBuilder::new()),
        }
    }

    /// Appends `value`. Fails on a value the column's type cannot hold (text in an integer
    /// column, a day that is not YYYY-MM-DD).
    fn push(&mut self, value: ValueRef<'_>) -> anyhow::Result<()> {
        match (self, value) {
            (Builder::Int(b), ValueRef::Null) => b.append_null(),
            (Builder::Float(b), ValueRef::Null) => b.append_null(),
            (Builder::Text(b), ValueRef::Null) => b.append_null(),
            (Builder::Date(b), ValueRef::Null) => b.append_null(),
            (Builder::Bytes(b), ValueRef::Null) => b.append_null(),
            (Builder::Bytes(b), ValueRef::Blob(bytes)) => b.append_value(bytes),
            (Builder::Int(b), ValueRef::Integer(n)) => b.append_value(n),
            (Builder::Float(b), ValueRef::Real(x)) => b.append_value(x),
            (Builder::Float(b), ValueRef::Integer(n)) => b.append_value(n as f64),
            (Builder::Text(b), ValueRef::Text(t)) => b.append_value(std::str::from_utf8(t)?),
            (Builder::Text(b), ValueRef::Integer(n)) => b.append_value(n.to_string()),
            (Builder::Text(b), ValueRef::Real(x)) => b.append_value(x.to_string()),
            (Builder::Date(b), ValueRef::Text(t)) => b.append_value(day(std::str::from_utf8(t)?)?),
            (_, other) => bail!(
                "a value of type {} where the column holds another",
                other.data_type()
            ),
        }
        Ok(())
    }

    fn finish(&mut self) -> ArrayRef {
        match self {
            Builder::Int(b) => Arc::new(b.finish()),
            Builder::Float(b) => Arc::new(b.finish()),
            Builder::Text(b) => Arc::new(b.finish()),
            Builder::Date(b) => Arc::new(b.finish()),
            Builder::Bytes(b) => Arc::new(b.finish()),
        }
    }
}

/// Days since 1970-01-01 of a YYYY-MM-DD day.
fn day(text: &str) -> anyhow::Result<i32> {
    let format = time::macros::format_description!("[year]-[month]-[day]");
    let date =
        time::Date::parse(text, &format).map_err(|e| anyhow!("{text:?} is not a day: {e}"))?;
    Ok(date.to_julian_day() - UNIX_EPOCH_JULIAN_DAY)
}

/// Writes the rows of `sql` (a query without parameters, from the schema's own statements) to
/// a new Parquet file at `path`; returns how many rows it wrote. Fails when the file cannot be
/// written or a value does not fit its column's type (the error names the column).
pub fn write_query(conn: &Connection, sql: &str, path: &Path) -> anyhow::Result<usize> {
    let mut stmt = conn.prepare(sql)?;
    let names: Vec<String> = stmt.column_names().map(|n| n.to_string()).collect();
    let declared: Vec<Option<Type>> = stmt
        .columns()
        .map(|c| Type::declared(c.name(), c.decl_type()))
        .collect();
    let mut rows = stmt.query([])?;
    // The first batch is read before the file's schema is settled: computed columns take the
    // type of their values.
    let mut first: Vec<Vec<Value>> = Vec::new();
    while first.len() < BATCH_ROWS {
        let Some(row) = rows.next()? else { break };
        first.push(
            (0..names.len())
                .map(|i| row.get(i))
                .collect::<Result<_, _>>()?,
        );
    }
    let types: Vec<Type> = declared
        .iter()
        .enumerate()
        .map(|(i, t)| t.unwrap_or_else(|| Type::of_value(first.iter().map(|r| &r[i]))))
        .collect();
    let fields: Vec<Field> = names
        .iter()
        .zip(&types)
        .map(|(name, t)| Field::new(name, t.arrow(), true))
        .collect();
    let schema = Arc::new(Schema::new(fields));
    let file = File::create(path).with_context(|| format!("cannot write {}", path.display()))?;
    let props = WriterProperties::builder()
        .set_compression(Compression::SNAPPY)
        .build();
    let mut writer = ArrowWriter::try_new(file, Arc::clone(&schema), Some(props))?;
    let mut batch = Batch::new(&names, &types);
    for row in &first {
        batch.push(row.iter().map(ValueRef::from))?;
    }
    let mut count = first.len();
    drop(first);
    while let Some(row) = rows.next()? {
        if batch.rows == BATCH_ROWS {
            writer.write(&batch.finish(&schema)?)?;
        }
        batch.push(
            (0..names.len())
                .map(|i| row.get_ref(i))
                .collect::<Result<Vec<_>, _>>()?
                .into_iter(),
        )?;
        count += 1;
    }
    writer.write(&batch.finish(&schema)?)?;
    writer.close()?;
    Ok(count)
}

/// The batch being built: one builder a column.
struct Batch<'a> {
    names: &'a [String],
    builders: Vec<Builder>,
    rows: usize,
}

impl<'a> Batch<'a> {
    fn new(names: &'a [String], types: &[Type]) -> Self {
        Batch {
            names,
            builders: types.iter().map(|&t| Builder::new(t)).collect(),
            rows: 0,
        }
    }

    fn push<'v>(&mut self, values: impl Iterator<Item = ValueRef<'v>>) -> anyhow::Result<()> {
        for ((builder, value), name) in self.builders.iter_mut().zip(values).zip(self.names) {
            builder
                .push(value)
                .with_context(|| format!("column {name}"))?;
        }
        self.rows += 1;
        Ok(())
    }

    /// The rows so far as a record batch; the builders start again empty.
    fn finish(&mut self, schema: &Arc<Schema>) -> anyhow::Result<RecordBatch> {
        let columns: Vec<ArrayRef> = self.builders.iter_mut().map(Builder::finish).collect();
        self.rows = 0;
        Ok(RecordBatch::try_new(Arc::clone(schema), columns)?)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn days_count_from_1970() {
        assert_eq!(day("1970-01-01").unwrap(), 0);
        assert_eq!(day("2022-01-07").unwrap(), 18_999);
        assert!(day("2022-13-01").is_err());
    }

    #[test]
    fn types_follow_the_declaration_then_the_values() {
        assert_eq!(Type::declared("value", Some("INTEGER")), Some(Type::Int));
        assert_eq!(
            Type::declared("confidence", Some("REAL")),
            Some(Type::Float)
        );
        assert_eq!(Type::declared("as_of", None), Some(Type::Date));
        assert_eq!(Type::declared("figures", None), None);
        let values = [Value::Null, Value::Integer(3)];
        assert_eq!(Type::of_value(values.iter()), Type::Int);
        assert_eq!(Type::of_value([Value::Null].iter()), Type::Text);
    }
}
