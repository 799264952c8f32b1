//! Sessions on disk: one SQLite database in the data folder (`sessions.db`).
//!
//! Durability: WAL journal with `synchronous = FULL`, so a command is on disk (the WAL is
//! fsynced) before `append` returns; a killed process or a power cut loses nothing that was
//! acknowledged. The schema is versioned with `PRAGMA user_version` and migrated forward on
//! open. Two programs may open the same database safely (SQLite's locking); a session is
//! *held* by one program at a time through a lease, so a second window gets a clear message
//! instead of writing into a class it does not show.

use std::path::{Path, PathBuf};
use std::time::{Duration, SystemTime, UNIX_EPOCH};

use rusqlite::{Connection, ErrorCode, OptionalExtension, params};

use super::{Command, Entry, Pinned, Setup};

/// The schema this build writes.
pub const SCHEMA_VERSION: i64 = 1;
/// How long a session stays held after the holder's last write or heartbeat.
pub const LEASE: Duration = Duration::from_secs(60);

#[derive(Debug, thiserror::Error)]
pub enum StoreError {
    #[error("cannot open the session database {path}: {message}")]
    Open { path: PathBuf, message: String },
    #[error(
        "the session database {path} is read-only; sessions cannot be saved (check the folder's permissions, or use --data-dir)"
    )]
    ReadOnly { path: PathBuf },
    #[error(
        "the session database {path} is damaged; keep a copy of it and start with another --data-dir"
    )]
    Corrupt { path: PathBuf },
    #[error("the disk holding {path} is full; free some space, then try again")]
    Full { path: PathBuf },
    #[error("the session database is busy in another program; try again")]
    Busy,
    #[error("session {id} is open in another Kkumgil ({holder}); close it there, or wait a minute")]
    InUse { id: i64, holder: String },
    #[error("there is no session {0}")]
    NoSuchSession(i64),
    #[error("the session database was written by a newer Kkumgil (schema {0}); update Kkumgil")]
    Newer(i64),
    #[error("a stored record cannot be read: {0}")]
    Record(String),
    #[error("session database error: {0}")]
    Sqlite(String),
}

/// Whether a class may still go on with a session. A session is finished by its `End`
/// command, in the same transaction, so no front end can forget it; undoing that `End`
/// makes it active again.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Status {
    Active,
    Finished,
}

impl Status {
    fn parse(s: &str) -> Status {
        if s == "finished" {
            Status::Finished
        } else {
            Status::Active
        }
    }

    pub fn as_str(self) -> &'static str {
        match self {
            Status::Active => "active",
            Status::Finished => "finished",
        }
    }
}

impl std::fmt::Display for Status {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.pad(self.as_str())
    }
}

/// One row of `kkumgil sessions list`.
#[derive(Debug, Clone, serde::Serialize)]
pub struct Summary {
    pub id: i64,
    pub created_at: i64,
    pub class_label: String,
    pub day: String,
    pub group: String,
    pub scenario_id: String,
    pub scenario_title: String,
    pub status: Status,
    pub commands: i64,
}

/// A stored session: setup, pinned scenario, status.
#[derive(Debug, Clone)]
pub struct Record {
    pub id: i64,
    pub created_at: i64,
    pub setup: Setup,
    pub pinned: Pinned,
    pub scenario_id: String,
    pub scenario_title: String,
    pub status: Status,
}

pub struct Store {
    conn: Connection,
    path: PathBuf,
    /// Who this program is, for leases.
    holder: String,
    /// Sessions this store holds; let go when it closes normally.
    held: Vec<i64>,
}

impl Drop for Store {
    fn drop(&mut self) {
        for id in std::mem::take(&mut self.held) {
            let _ = self.conn.execute(
                "UPDATE sessions SET holder = NULL, lease_until = NULL WHERE id = ?1 AND holder = ?2",
                params![id, self.holder],
            );
        }
    }
}

/// A name for this open store, unique among programs and among stores of one program.
fn holder_name() -> String {
    static OPENED: std::sync::atomic::AtomicU64 = std::sync::atomic::AtomicU64::new(0);
    let n = OPENED.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
    let nanos = SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map_or(0, |d| d.subsec_nanos());
    format!(
        "process {} since {} ({nanos:09}.{n})",
        std::process::id(),
        now()
    )
}

pub fn now() -> i64 {
    SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map_or(0, |d| d.as_secs() as i64)
}

impl Store {
    /// Opens (or creates) `sessions.db` in the data folder.
    pub fn open(data_dir: &Path) -> Result<Store, StoreError> {
        std::fs::create_dir_all(data_dir).map_err(|e| StoreError::Open {
            path: data_dir.to_path_buf(),
            message: e.to_string(),
        })?;
        Store::open_file(&data_dir.join("sessions.db"))
    }

    pub fn open_file(path: &Path) -> Result<Store, StoreError> {
        let conn = Connection::open(path).map_err(|e| classify(path, e))?;
        let mut store = Store {
            conn,
            path: path.to_path_buf(),
            holder: holder_name(),
            held: Vec::new(),
        };
        store
            .setup()
            .map_err(|e| classify(path, e))
            .and_then(|v| match v {
                Some(newer) => Err(StoreError::Newer(newer)),
                None => Ok(()),
            })?;
        Ok(store)
    }

    /// Pragmas and migrations. Returns the schema version if it is newer than ours.
    fn setup(&mut self) -> rusqlite::Result<Option<i64>> {
        self.conn.busy_timeout(Duration::from_secs(5))?;
        // Reading the header first turns "not a database" into a clear error early.
        let version: i64 = self
            .conn
            .query_row("PRAGMA user_version", [], |r| r.get(0))?;
        if version > SCHEMA_VERSION {
            return Ok(Some(version));
        }
        self.conn.pragma_update(None, "journal_mode", "WAL")?;
        self.conn.pragma_update(None, "synchronous", "FULL")?;
        self.conn.pragma_update(None, "foreign_keys", "ON")?;
        if version < 1 {
            let tx = self.conn.transaction()?;
            tx.execute_batch(
                "CREATE TABLE sessions (
                    id INTEGER PRIMARY KEY,
                    created_at INTEGER NOT NULL,
                    class_label TEXT NOT NULL,
                    day TEXT NOT NULL DEFAULT '',
                    group_label TEXT NOT NULL DEFAULT '',
                    scenario_id TEXT NOT NULL,
                    scenario_title TEXT NOT NULL,
                    setup TEXT NOT NULL,
                    pinned TEXT NOT NULL,
                    status TEXT NOT NULL DEFAULT 'active',
                    holder TEXT,
                    lease_until INTEGER
                );
                CREATE TABLE journal (
                    session_id INTEGER NOT NULL REFERENCES sessions(id),
                    seq INTEGER NOT NULL,
                    at INTEGER NOT NULL,
                    command TEXT NOT NULL,
                    PRIMARY KEY (session_id, seq)
                );
                PRAGMA user_version = 1;",
            )?;
            tx.commit()?;
        }
        Ok(None)
    }

    pub fn path(&self) -> &Path {
        &self.path
    }

    fn err(&self, e: rusqlite::Error) -> StoreError {
        classify(&self.path, e)
    }

    /// Starts a session and holds it.
    pub fn create(
        &mut self,
        setup: &Setup,
        pinned: &Pinned,
        scenario_id: &str,
        scenario_title: &str,
    ) -> Result<i64, StoreError> {
        let setup_json =
            serde_json::to_string(setup).map_err(|e| StoreError::Record(e.to_string()))?;
        let pinned_json =
            serde_json::to_string(pinned).map_err(|e| StoreError::Record(e.to_string()))?;
        let now = now();
        self.conn
            .execute(
                "INSERT INTO sessions (created_at, class_label, day, group_label, scenario_id, scenario_title, setup, pinned, holder, lease_until)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10)",
                params![
                    now,
                    setup.class_label,
                    setup.day,
                    setup.group,
                    scenario_id,
                    scenario_title,
                    setup_json,
                    pinned_json,
                    self.holder,
                    now + LEASE.as_secs() as i64
                ],
            )
            .map_err(|e| self.err(e))?;
        let id = self.conn.last_insert_rowid();
        self.held.push(id);
        Ok(id)
    }

    /// Holds a session for this program; refused while another holds a live lease, unless
    /// `force` (the instructor confirmed the other window is gone).
    pub fn claim(&mut self, id: i64, force: bool) -> Result<(), StoreError> {
        let now = now();
        let changed = self
            .conn
            .execute(
                "UPDATE sessions SET holder = ?1, lease_until = ?2
                 WHERE id = ?3 AND (?4 OR holder IS NULL OR holder = ?1 OR lease_until < ?5)",
                params![self.holder, now + LEASE.as_secs() as i64, id, force, now],
            )
            .map_err(|e| self.err(e))?;
        if changed == 1 {
            if !self.held.contains(&id) {
                self.held.push(id);
            }
            return Ok(());
        }
        let holder: Option<Option<String>> = self
            .conn
            .query_row("SELECT holder FROM sessions WHERE id = ?1", [id], |r| {
                r.get(0)
            })
            .optional()
            .map_err(|e| self.err(e))?;
        match holder {
            None => Err(StoreError::NoSuchSession(id)),
            Some(h) => Err(StoreError::InUse {
                id,
                holder: h.unwrap_or_default(),
            }),
        }
    }

    /// Keeps holding a session while the class is quiet (no command for a while): a front end
    /// calls this well within `LEASE`.
    pub fn renew(&mut self, id: i64) -> Result<(), StoreError> {
        self.claim(id, false)
    }

    /// Lets the session go (when the app closes it).
    pub fn release(&mut self, id: i64) -> Result<(), StoreError> {
        self.held.retain(|h| *h != id);
        self.conn
            .execute("UPDATE sessions SET holder = NULL, lease_until = NULL WHERE id = ?1 AND holder = ?2", params![id, self.holder])
            .map_err(|e| self.err(e))?;
        Ok(())
    }

    /// Appends a command; when this returns, the command is on disk. Refused unless this
    /// program holds the session.
    pub fn append(&mut self, id: i64, command: &Command) -> Result<Entry, StoreError> {
        let json = serde_json::to_string(command).map_err(|e| StoreError::Record(e.to_string()))?;
        let at = now();
        let holder = self.holder.clone();
        let tx = self
            .conn
            .transaction()
            .map_err(|e| classify(&self.path, e))?;
        let held: Option<Option<String>> = tx
            .query_row("SELECT holder FROM sessions WHERE id = ?1", [id], |r| {
                r.get(0)
            })
            .optional()
            .map_err(|e| classify(&self.path, e))?;
        match held {
            None => return Err(StoreError::NoSuchSession(id)),
            Some(h) if h.as_deref() != Some(holder.as_str()) => {
                return Err(StoreError::InUse {
                    id,
                    holder: h.unwrap_or_else(|| "nobody: open it first".into()),
                });
            }
            Some(_) => {}
        }
        let seq: i64 = tx
            .query_row(
                "INSERT INTO journal (session_id, seq, at, command)
                 VALUES (?1, (SELECT COALESCE(MAX(seq), 0) + 1 FROM journal WHERE session_id = ?1), ?2, ?3)
                 RETURNING seq",
                params![id, at, json],
                |r| r.get(0),
            )
            .map_err(|e| classify(&self.path, e))?;
        tx.execute(
            "UPDATE sessions SET lease_until = ?1 WHERE id = ?2",
            params![at + LEASE.as_secs() as i64, id],
        )
        .map_err(|e| classify(&self.path, e))?;
        let status = match command {
            Command::End => Some(Status::Finished),
            Command::Undo { seq: undone } => {
                let was: Option<String> = tx
                    .query_row(
                        "SELECT command FROM journal WHERE session_id = ?1 AND seq = ?2",
                        params![id, *undone as i64],
                        |r| r.get(0),
                    )
                    .optional()
                    .map_err(|e| classify(&self.path, e))?;
                let was_end = was
                    .and_then(|json| serde_json::from_str::<Command>(&json).ok())
                    .is_some_and(|c| c == Command::End);
                was_end.then_some(Status::Active)
            }
            _ => None,
        };
        if let Some(status) = status {
            tx.execute(
                "UPDATE sessions SET status = ?1 WHERE id = ?2",
                params![status.as_str(), id],
            )
            .map_err(|e| classify(&self.path, e))?;
        }
        tx.commit().map_err(|e| classify(&self.path, e))?;
        Ok(Entry {
            seq: seq as u64,
            at,
            command: command.clone(),
        })
    }

    pub fn journal(&self, id: i64) -> Result<Vec<Entry>, StoreError> {
        let mut stmt = self
            .conn
            .prepare("SELECT seq, at, command FROM journal WHERE session_id = ?1 ORDER BY seq")
            .map_err(|e| self.err(e))?;
        let rows = stmt
            .query_map([id], |r| {
                Ok((
                    r.get::<_, i64>(0)? as u64,
                    r.get::<_, i64>(1)?,
                    r.get::<_, String>(2)?,
                ))
            })
            .map_err(|e| self.err(e))?;
        let mut out = Vec::new();
        for row in rows {
            let (seq, at, json) = row.map_err(|e| self.err(e))?;
            let command = serde_json::from_str(&json)
                .map_err(|e| StoreError::Record(format!("command {seq}: {e}")))?;
            out.push(Entry { seq, at, command });
        }
        Ok(out)
    }

    pub fn record(&self, id: i64) -> Result<Record, StoreError> {
        let row = self
            .conn
            .query_row(
                "SELECT id, created_at, setup, pinned, scenario_id, scenario_title, status FROM sessions WHERE id = ?1",
                [id],
                |r| {
                    Ok((
                        r.get::<_, i64>(0)?,
                        r.get::<_, i64>(1)?,
                        r.get::<_, String>(2)?,
                        r.get::<_, String>(3)?,
                        r.get::<_, String>(4)?,
                        r.get::<_, String>(5)?,
                        r.get::<_, String>(6)?,
                    ))
                },
            )
            .optional()
            .map_err(|e| self.err(e))?
            .ok_or(StoreError::NoSuchSession(id))?;
        Ok(Record {
            id: row.0,
            created_at: row.1,
            setup: serde_json::from_str(&row.2)
                .map_err(|e| StoreError::Record(format!("session {id}: {e}")))?,
            pinned: serde_json::from_str(&row.3)
                .map_err(|e| StoreError::Record(format!("session {id}: {e}")))?,
            scenario_id: row.4,
            scenario_title: row.5,
            status: Status::parse(&row.6),
        })
    }

    /// Every session, newest first; unfinished ones first of all, for "resume".
    pub fn list(&self) -> Result<Vec<Summary>, StoreError> {
        let mut stmt = self
            .conn
            .prepare(
                "SELECT s.id, s.created_at, s.class_label, s.day, s.group_label, s.scenario_id, s.scenario_title, s.status,
                        (SELECT COUNT(*) FROM journal j WHERE j.session_id = s.id)
                 FROM sessions s ORDER BY (s.status = 'active') DESC, s.created_at DESC, s.id DESC",
            )
            .map_err(|e| self.err(e))?;
        let rows = stmt
            .query_map([], |r| {
                Ok(Summary {
                    id: r.get(0)?,
                    created_at: r.get(1)?,
                    class_label: r.get(2)?,
                    day: r.get(3)?,
                    group: r.get(4)?,
                    scenario_id: r.get(5)?,
                    scenario_title: r.get(6)?,
                    status: Status::parse(&r.get::<_, String>(7)?),
                    commands: r.get(8)?,
                })
            })
            .map_err(|e| self.err(e))?;
        rows.collect::<Result<Vec<_>, _>>().map_err(|e| self.err(e))
    }
}

/// SQLite's errors in the words an instructor can act on.
fn classify(path: &Path, e: rusqlite::Error) -> StoreError {
    let path = path.to_path_buf();
    match e.sqlite_error_code() {
        Some(ErrorCode::ReadOnly) => StoreError::ReadOnly { path },
        Some(ErrorCode::DatabaseCorrupt | ErrorCode::NotADatabase) => StoreError::Corrupt { path },
        Some(ErrorCode::DiskFull) => StoreError::Full { path },
        Some(ErrorCode::DatabaseBusy | ErrorCode::DatabaseLocked) => StoreError::Busy,
        Some(ErrorCode::CannotOpen | ErrorCode::PermissionDenied) => StoreError::Open {
            message: e.to_string(),
            path,
        },
        _ => StoreError::Sqlite(e.to_string()),
    }
}
