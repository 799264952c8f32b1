//! Merging station databases into the center's: on experience days every station PC keeps
//! its own `sessions.db`; at the end of the day the files come to the center's PC on a USB
//! stick and `kkumgil import` adds them to its database.
//!
//! A session is known by its identity (`uid`), which travels with every copy of the file, so
//! importing the same file twice, or two copies made at different times, counts each session
//! once; a later copy whose journal goes on from what is already there adds the rest. The
//! source file is never changed: it is read from a private copy.

use std::path::{Path, PathBuf};

use rusqlite::{OptionalExtension, Transaction, TransactionBehavior, params};

use super::store::{SCHEMA_VERSION, Store, StoreError, classify, companion, regular_or_absent};

/// FNV-1a, 64 bits: a small hash whose output is fixed by its definition (std's hashers make
/// no such promise across versions), so every copy of a database derives the same identity.
fn fnv(seed: u64, parts: &[&[u8]]) -> u64 {
    let mut h = 0xcbf2_9ce4_8422_2325_u64 ^ seed;
    for part in parts {
        for b in *part {
            h ^= u64::from(*b);
            h = h.wrapping_mul(0x0000_0100_0000_01b3);
        }
        // A separator, so ("ab", "c") and ("a", "bc") differ.
        h ^= 0xff;
        h = h.wrapping_mul(0x0000_0100_0000_01b3);
    }
    h
}

/// 128 bits as 32 hex digits.
fn identity(parts: &[&[u8]]) -> String {
    format!("{:016x}{:016x}", fnv(1, parts), fnv(2, parts))
}

/// A new session's identity: this program (its holder name is unique to the process and its
/// start), the moment, and the setup.
pub(super) fn new_uid(holder: &str, setup_json: &str) -> String {
    let nanos = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(0, |d| d.as_nanos());
    identity(&[
        holder.as_bytes(),
        &nanos.to_le_bytes(),
        setup_json.as_bytes(),
    ])
}

/// Identities for sessions written before they had one (schema 1), from what every copy of
/// the file holds alike: when the session began, its setup (with its seed) and its scenario.
pub(super) fn give_uids(tx: &Transaction<'_>) -> rusqlite::Result<()> {
    let rows: Vec<(i64, i64, String, String)> = tx
        .prepare("SELECT id, created_at, setup, pinned FROM sessions WHERE uid IS NULL")?
        .query_map([], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?)))?
        .collect::<rusqlite::Result<_>>()?;
    let mut taken: std::collections::HashSet<String> = tx
        .prepare("SELECT uid FROM sessions WHERE uid IS NOT NULL")?
        .query_map([], |r| r.get(0))?
        .collect::<rusqlite::Result<_>>()?;
    for (id, created_at, setup, pinned) in rows {
        let mut uid = identity(&[
            &created_at.to_le_bytes(),
            setup.as_bytes(),
            pinned.as_bytes(),
        ]);
        // Two sessions begun in the same second with the same setup and seed: the later
        // rows also take their number here (the same in every copy of this file).
        if taken.contains(&uid) {
            uid = identity(&[uid.as_bytes(), &id.to_le_bytes()]);
        }
        taken.insert(uid.clone());
        tx.execute(
            "UPDATE sessions SET uid = ?1 WHERE id = ?2",
            params![uid, id],
        )?;
    }
    Ok(())
}

/// What one import did.
#[derive(Debug, Default, Clone, PartialEq, Eq)]
pub struct Imported {
    /// Sessions new to this database.
    pub added: usize,
    /// Sessions already here whose journal the file carried further.
    pub extended: usize,
    /// Sessions already here in full.
    pub unchanged: usize,
    /// Sessions whose journal here and in the file differ (kept as they are here).
    pub conflicts: Vec<String>,
}

/// A session row of the source, as it is copied.
struct Row {
    id: i64,
    uid: String,
    created_at: i64,
    class_label: String,
    day: String,
    group_label: String,
    scenario_id: String,
    scenario_title: String,
    setup: String,
    pinned: String,
    status: String,
    written_by: String,
}

/// A private copy of a database (and its write-ahead log), removed when dropped.
struct Scratch(PathBuf);

impl Drop for Scratch {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.0);
    }
}

impl Store {
    /// Adds the sessions of another Kkumgil database file (a station's) to this one. The
    /// file is not changed. A file written by a newer Kkumgil is refused.
    pub fn import(&mut self, source: &Path) -> Result<Imported, StoreError> {
        if !regular_or_absent(source)? {
            return Err(StoreError::Open {
                path: source.to_path_buf(),
                message: "there is no such file".into(),
            });
        }
        // Reading a database may merge its write-ahead log into it, and opening one migrates
        // it: both happen to a copy.
        static COPIES: std::sync::atomic::AtomicU64 = std::sync::atomic::AtomicU64::new(0);
        let n = COPIES.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
        let dir = std::env::temp_dir().join(format!("kkumgil-import-{}-{n}", std::process::id()));
        // A folder left by an import that was killed (and a process number used again) must
        // not lend its old log to this copy.
        let _ = std::fs::remove_dir_all(&dir);
        let scratch = Scratch(dir.clone());
        let copy = dir.join("sessions.db");
        // Copied as new files (not with `fs::copy`, which would keep a read-only source's
        // permissions and leave the copy unwritable).
        let fresh = |from: &Path, to: &Path| -> std::io::Result<()> {
            let mut reader = std::fs::File::open(from)?;
            let mut writer = std::fs::File::create(to)?;
            std::io::copy(&mut reader, &mut writer)?;
            writer.sync_all()
        };
        let copied = std::fs::create_dir_all(&dir)
            .and_then(|()| fresh(source, &copy))
            .and_then(|()| {
                let wal = companion(source, "-wal");
                if wal.is_file() {
                    fresh(&wal, &companion(&copy, "-wal"))?;
                }
                Ok(())
            });
        if let Err(e) = copied {
            return Err(StoreError::Open {
                path: source.to_path_buf(),
                message: e.to_string(),
            });
        }
        // Errors name the file the instructor gave, not the copy.
        let theirs = |e: StoreError| match e {
            StoreError::Newer { version, .. } => StoreError::Newer {
                path: source.to_path_buf(),
                version,
            },
            StoreError::Corrupt { what, .. } => StoreError::Corrupt {
                path: source.to_path_buf(),
                what,
            },
            StoreError::Foreign { what, .. } => StoreError::Foreign {
                path: source.to_path_buf(),
                what,
            },
            StoreError::ReadOnly { .. } | StoreError::Unmerged { .. } => StoreError::Open {
                path: source.to_path_buf(),
                message: "its copy could not be written".into(),
            },
            StoreError::Sqlite { message, .. } => StoreError::Sqlite {
                path: source.to_path_buf(),
                message,
            },
            other => other,
        };
        let mut from = Store::open_file(&copy).map_err(theirs)?;
        debug_assert_eq!(from.version_now(), SCHEMA_VERSION);
        // Sessions an older Kkumgil wrote into this file after it was migrated have no
        // identity yet: they get theirs here, in the copy.
        from.conn
            .transaction()
            .and_then(|tx| give_uids(&tx).and_then(|()| tx.commit()))
            .map_err(|e| classify(source, e))?;
        let result = self.merge_from(&from);
        drop(from);
        drop(scratch);
        result
    }

    fn version_now(&self) -> i64 {
        self.conn
            .query_row("PRAGMA user_version", [], |r| r.get(0))
            .unwrap_or(0)
    }

    /// One transaction: the whole file is merged, or nothing is.
    fn merge_from(&mut self, from: &Store) -> Result<Imported, StoreError> {
        let (src, dst) = (from.path.clone(), self.path.clone());
        let read = |e| classify(&src, e);
        let write = |e| classify(&dst, e);
        let rows: Vec<Row> = from
            .conn
            .prepare(
                "SELECT id, uid, created_at, class_label, day, group_label, scenario_id, scenario_title, setup, pinned, status, written_by
                 FROM sessions ORDER BY created_at, id",
            )
            .and_then(|mut stmt| {
                stmt.query_map([], |r| {
                    Ok(Row {
                        id: r.get(0)?,
                        uid: r.get(1)?,
                        created_at: r.get(2)?,
                        class_label: r.get(3)?,
                        day: r.get(4)?,
                        group_label: r.get(5)?,
                        scenario_id: r.get(6)?,
                        scenario_title: r.get(7)?,
                        setup: r.get(8)?,
                        pinned: r.get(9)?,
                        status: r.get(10)?,
                        written_by: r.get(11)?,
                    })
                })?
                .collect::<rusqlite::Result<_>>()
            })
            .map_err(read)?;
        let mut done = Imported::default();
        let tx = self
            .conn
            .transaction_with_behavior(TransactionBehavior::Immediate)
            .map_err(write)?;
        let mut journal_of = from
            .conn
            .prepare("SELECT seq, at, command FROM journal WHERE session_id = ?1 ORDER BY seq")
            .map_err(read)?;
        for row in rows {
            // One session's journal at a time: a year of stations never sits in memory.
            let theirs: Vec<(i64, i64, String)> = journal_of
                .query_map([row.id], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)))
                .and_then(|rows| rows.collect())
                .map_err(read)?;
            let here: Option<i64> = tx
                .query_row("SELECT id FROM sessions WHERE uid = ?1", [&row.uid], |r| {
                    r.get(0)
                })
                .optional()
                .map_err(write)?;
            let id = match here {
                Some(id) => id,
                None => {
                    tx.execute(
                        "INSERT INTO sessions (created_at, class_label, day, group_label, scenario_id, scenario_title, setup, pinned, status, uid, written_by)
                         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11)",
                        params![
                            row.created_at,
                            row.class_label,
                            row.day,
                            row.group_label,
                            row.scenario_id,
                            row.scenario_title,
                            row.setup,
                            row.pinned,
                            row.status,
                            row.uid,
                            row.written_by
                        ],
                    )
                    .map_err(write)?;
                    let id = tx.last_insert_rowid();
                    insert_journal(&tx, id, &theirs).map_err(write)?;
                    done.added += 1;
                    continue;
                }
            };
            let ours: Vec<(i64, i64, String)> = tx
                .prepare("SELECT seq, at, command FROM journal WHERE session_id = ?1 ORDER BY seq")
                .and_then(|mut stmt| {
                    stmt.query_map([id], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)))?
                        .collect()
                })
                .map_err(write)?;
            let same = |a: &(i64, i64, String), b: &(i64, i64, String)| a.0 == b.0 && a.2 == b.2;
            let common = ours.len().min(theirs.len());
            if !ours[..common]
                .iter()
                .zip(&theirs[..common])
                .all(|(a, b)| same(a, b))
            {
                done.conflicts
                    .push(format!("{} ({})", row.class_label, row.scenario_title));
            } else if theirs.len() > ours.len() {
                insert_journal(&tx, id, &theirs[common..]).map_err(write)?;
                tx.execute(
                    "UPDATE sessions SET status = ?1 WHERE id = ?2",
                    params![row.status, id],
                )
                .map_err(write)?;
                done.extended += 1;
            } else {
                done.unchanged += 1;
            }
        }
        drop(journal_of);
        tx.commit().map_err(write)?;
        Ok(done)
    }
}

fn insert_journal(
    tx: &Transaction<'_>,
    id: i64,
    entries: &[(i64, i64, String)],
) -> rusqlite::Result<()> {
    let mut insert =
        tx.prepare("INSERT INTO journal (session_id, seq, at, command) VALUES (?1, ?2, ?3, ?4)")?;
    for (seq, at, command) in entries {
        insert.execute(params![id, seq, at, command])?;
    }
    Ok(())
}
