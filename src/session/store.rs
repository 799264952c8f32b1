//! Sessions on disk: one SQLite database in the data folder (`sessions.db`).
//!
//! Durability: WAL journal with `synchronous = FULL`, so a command is on disk (the WAL is
//! fsynced) before `append` returns; a killed process or a power cut loses nothing that was
//! acknowledged. The schema is versioned with `PRAGMA user_version` and migrated forward on
//! open. Two programs may open the same database safely (SQLite's locking); a session is
//! *held* by one program at a time through a lease, so a second window gets a clear message
//! instead of writing into a class it does not show.

use crate::i18n::Msg;
use std::path::{Path, PathBuf};
use std::time::{Duration, SystemTime, UNIX_EPOCH};

use rusqlite::{Connection, ErrorCode, OpenFlags, OptionalExtension, TransactionBehavior, params};

use super::{Command, Entry, Pinned, Setup};

/// The schema this build writes.
pub const SCHEMA_VERSION: i64 = 3;
/// How long a session stays held after the holder's last write or heartbeat.
pub const LEASE: Duration = Duration::from_secs(60);

/// Every way the session database can fail, each in words that say which file, what is
/// wrong and what to do (`docs/sessions.md` lists them all). SQLite's own text only appears
/// as a detail in brackets.
#[derive(Debug, Clone, thiserror::Error)]
pub enum StoreError {
    #[error(
        "cannot open the session database {path}: {message}. Check that the folder exists and Kkumgil may write there, or give another folder with --data-dir"
    )]
    Open { path: PathBuf, message: String },
    #[error(
        "the session database {path} is read-only; sessions cannot be saved (check the folder's permissions, or use --data-dir)"
    )]
    ReadOnly { path: PathBuf },
    #[error(
        "the session database {path} is damaged ({what}). Kkumgil has not changed it: keep a copy, then move it out of the data folder (Kkumgil starts a new one) or use --data-dir"
    )]
    Corrupt { path: PathBuf, what: String },
    #[error(
        "{path} is not a Kkumgil session database as this version writes it ({what}); another program or a hand edit changed it. Kkumgil has not changed it: keep a copy, then move it out of the data folder (Kkumgil starts a new one) or use --data-dir"
    )]
    Foreign { path: PathBuf, what: String },
    #[error("the disk holding {path} is full; free some space, then try again")]
    Full { path: PathBuf },
    #[error(
        "the disk failed while reading or writing {path} ({detail}). If the disk is full, free some space; if it is a USB stick or a network folder, check that it is still connected; then try again"
    )]
    Disk { path: PathBuf, detail: String },
    #[error(
        "the session database {path} has commands not yet merged into it (in its -wal file), and they cannot be read while its folder cannot be written to. Make the folder writable or free some space, or copy the whole folder elsewhere and use --data-dir"
    )]
    Unmerged { path: PathBuf },
    #[error(
        "the session database {path} stayed busy in another program for {} seconds; try again", BUSY.as_secs()
    )]
    Busy { path: PathBuf },
    #[error(
        "session {id} is open in another Kkumgil ({}); close it there, or wait until its hold runs out at {}",
        describe_holder(holder),
        super::export::local_time(*until)
    )]
    InUse {
        id: i64,
        holder: String,
        /// When the holder's lease runs out (Unix seconds).
        until: i64,
    },
    #[error("there is no session {0}")]
    NoSuchSession(i64),
    #[error(
        "the session database {path} was written by a newer Kkumgil (schema {version}); update Kkumgil"
    )]
    Newer { path: PathBuf, version: i64 },
    #[error("a stored record cannot be read: {0}")]
    Record(String),
    #[error("the session database {path} failed: {message}")]
    Sqlite { path: PathBuf, message: String },
}

/// A session-database error in both languages. The English is the error's own text (the
/// messages `docs/sessions.md` lists); the Korean says the same to a teacher.
impl StoreError {
    pub fn msg(&self) -> Msg {
        let en = self.to_string();
        match self {
            StoreError::Open { path, message } => {
                let path = path.display();
                tr!(
                    "수업 기록 파일 {path}을(를) 열 수 없어요({message}). 폴더가 있는지, 꿈길이 그 폴더에 쓸 수 있는지 확인하거나 --data-dir로 다른 폴더를 적어 주세요.",
                    "{en}"
                )
            }
            StoreError::ReadOnly { path } => {
                let path = path.display();
                tr!(
                    "수업 기록 파일 {path}이(가) 읽기 전용이라 수업을 저장할 수 없어요. 폴더 권한을 확인하거나 --data-dir을 써 주세요.",
                    "{en}"
                )
            }
            StoreError::Corrupt { path, what } => {
                let path = path.display();
                let what = detail_ko(what);
                tr!(
                    "수업 기록 파일 {path}이(가) 망가졌어요({what}). 꿈길은 이 파일을 바꾸지 않았어요. 복사본을 만들어 둔 뒤, 파일을 데이터 폴더 밖으로 옮기거나(꿈길이 새 파일을 만들어요) --data-dir을 써 주세요.",
                    "{en}"
                )
            }
            StoreError::Foreign { path, what } => {
                let path = path.display();
                let what = detail_ko(what);
                tr!(
                    "{path}은(는) 이 버전의 꿈길이 쓰는 수업 기록 파일이 아니에요({what}). 다른 프로그램이 쓴 파일이거나 누군가 손으로 고쳤어요. 꿈길은 이 파일을 바꾸지 않았어요. 복사본을 만들어 둔 뒤, 파일을 데이터 폴더 밖으로 옮기거나(꿈길이 새 파일을 만들어요) --data-dir을 써 주세요.",
                    "{en}"
                )
            }
            StoreError::Full { path } => {
                let path = path.display();
                tr!(
                    "{path}이(가) 있는 디스크가 가득 찼어요. 공간을 비운 뒤 다시 해 주세요.",
                    "{en}"
                )
            }
            StoreError::Disk { path, detail } => {
                let path = path.display();
                tr!(
                    "{path}을(를) 읽거나 쓰다가 디스크에 문제가 생겼어요({detail}). 디스크가 가득 찼다면 공간을 비우고, USB 메모리나 네트워크 폴더라면 아직 연결되어 있는지 확인한 뒤 다시 해 주세요.",
                    "{en}"
                )
            }
            StoreError::Unmerged { path } => {
                let path = path.display();
                tr!(
                    "수업 기록 파일 {path}에 아직 합쳐지지 않은 명령이 있어요(-wal 파일 안에). 폴더에 쓸 수 없는 동안에는 이 명령을 읽을 수 없어요. 폴더에 쓸 수 있게 하거나 공간을 비워 주세요. 아니면 폴더 전체를 다른 곳에 복사하고 --data-dir을 써 주세요.",
                    "{en}"
                )
            }
            StoreError::Busy { path } => {
                let path = path.display();
                tr!(
                    "다른 프로그램이 수업 기록 파일 {path}을(를) 계속 쓰고 있어요. 잠시 뒤 다시 해 주세요.",
                    "{en}"
                )
            }
            StoreError::InUse { id, holder, until } => {
                let who = holder_ko(holder);
                let until = super::export::local_time(*until);
                tr!(
                    "수업 {id}번은 다른 꿈길에서 열려 있어요({who}). 그곳에서 닫거나, 잡아 둔 시간이 끝나는 {until}까지 기다려 주세요.",
                    "{en}"
                )
            }
            StoreError::NoSuchSession(id) => tr!(
                "수업 {id}번은 없어요. 수업 번호는 `kkumgil sessions list`의 첫 칸이에요.",
                "there is no session {id}; a session's number is the first column of `kkumgil sessions list`"
            ),
            StoreError::Newer { path, version } => {
                let path = path.display();
                tr!(
                    "수업 기록 파일 {path}은(는) 더 새로운 꿈길이 썼어요(스키마 {version}). 꿈길을 업데이트해 주세요.",
                    "{en}"
                )
            }
            StoreError::Record(what) => tr!("저장된 기록을 읽을 수 없어요: {what}", "{en}"),
            StoreError::Sqlite { path, message } => {
                let path = path.display();
                tr!("수업 기록 파일 {path}에 문제가 생겼어요: {message}", "{en}")
            }
        }
    }
}

/// The bracketed detail of a damaged or foreign database in Korean, when it is one of the
/// store's own phrases; anything else (SQLite's words) as it is.
fn detail_ko(what: &str) -> String {
    let fixed = match what {
        "its contents are malformed" => Some("내용이 깨졌어요"),
        "it is not an SQLite database" => Some("SQLite 데이터베이스가 아니에요"),
        "its header names a file format that Kkumgil cannot read" => {
            Some("꿈길이 읽을 수 없는 파일 형식이에요")
        }
        "it is not a regular file but a folder, a pipe or a device" => {
            Some("보통 파일이 아니라 폴더, 파이프 또는 장치예요")
        }
        _ => None,
    };
    if let Some(fixed) = fixed {
        return fixed.to_owned();
    }
    if let Some(file) = what.strip_suffix(" beside it is not a regular file") {
        return format!("옆에 있는 {file}이(가) 보통 파일이 아니에요");
    }
    if let Some(table) = what
        .strip_prefix("it has no table '")
        .and_then(|r| r.strip_suffix('\''))
    {
        return format!("'{table}' 표가 없어요");
    }
    if let Some((table, column)) = what
        .strip_prefix("its table '")
        .and_then(|r| r.strip_suffix('\''))
        .and_then(|r| r.split_once("' has no column '"))
    {
        return format!("'{table}' 표에 '{column}' 열이 없어요");
    }
    if let Some(version) = what
        .strip_prefix("its schema version is ")
        .and_then(|r| r.strip_suffix(", which Kkumgil never writes, yet it holds tables"))
    {
        return format!(
            "스키마 버전이 {version}인데 표가 들어 있어요. 꿈길은 이 버전을 쓰지 않아요"
        );
    }
    what.to_owned()
}

/// Who holds a session, in Korean (the store keeps "process 4242 since 1764…"; its English
/// message reads "process 4242, open since 2026-12-04 13:45:10").
fn holder_ko(holder: &str) -> String {
    if holder == "nobody: open it first" {
        return "잡고 있는 곳이 없어요. 먼저 수업을 여세요".to_owned();
    }
    let parsed = holder.strip_prefix("process ").and_then(|rest| {
        let (pid, rest) = rest.split_once(" since ")?;
        let secs: i64 = rest.split_whitespace().next()?.parse().ok()?;
        Some(format!(
            "프로그램 번호 {pid}, {}부터",
            super::export::local_time(secs)
        ))
    });
    parsed.unwrap_or_else(|| crate::scenario::escape_controls(holder))
}

/// How long a program waits for another to finish writing before it says "busy".
const BUSY: Duration = Duration::from_secs(5);

/// The tables and columns this version reads and writes.
const TABLES: &[(&str, &[&str])] = &[
    (
        "sessions",
        &[
            "id",
            "created_at",
            "class_label",
            "day",
            "group_label",
            "scenario_id",
            "scenario_title",
            "setup",
            "pinned",
            "status",
            "holder",
            "lease_until",
        ],
    ),
    ("journal", &["session_id", "seq", "at", "command"]),
];

const CREATE: &str = "CREATE TABLE sessions (
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
        lease_until INTEGER,
        uid TEXT NOT NULL,
        written_by TEXT NOT NULL DEFAULT ''
    );
    CREATE UNIQUE INDEX sessions_uid ON sessions(uid);
    CREATE TABLE journal (
        session_id INTEGER NOT NULL REFERENCES sessions(id),
        seq INTEGER NOT NULL,
        at INTEGER NOT NULL,
        command TEXT NOT NULL,
        PRIMARY KEY (session_id, seq)
    );
    PRAGMA user_version = 3;";

/// Schema 1 → 2: every session gets its identity (`uid`), the same in every copy of the
/// database (see `merge::uid_of_existing`).
const MIGRATE_1_TO_2: &str = "ALTER TABLE sessions ADD COLUMN uid TEXT;";

/// Schema 2 → 3: which Kkumgil wrote each session (`written_by`, e.g. "0.1.0 (1a2b3c4d5e)";
/// empty for sessions written before it was recorded).
const MIGRATE_2_TO_3: &str =
    "ALTER TABLE sessions ADD COLUMN written_by TEXT NOT NULL DEFAULT ''; PRAGMA user_version = 3;";

/// A holder as people read it: "process 4242, since 13:45:10" (the stored name also holds a
/// unique suffix no one needs to see).
fn describe_holder(holder: &str) -> String {
    let parsed = holder.strip_prefix("process ").and_then(|rest| {
        let (pid, rest) = rest.split_once(" since ")?;
        let secs: i64 = rest.split_whitespace().next()?.parse().ok()?;
        Some(format!(
            "process {pid}, open since {}",
            super::export::local_time(secs)
        ))
    });
    parsed.unwrap_or_else(|| crate::scenario::escape_controls(holder))
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
    /// The Kkumgil that wrote the session ("" when it was not recorded).
    pub written_by: String,
    pub setup: Setup,
    pub pinned: Pinned,
    pub scenario_id: String,
    pub scenario_title: String,
    pub status: Status,
}

pub struct Store {
    pub(super) conn: Connection,
    pub(super) path: PathBuf,
    /// Who this program is, for leases.
    pub(super) holder: String,
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
    /// Opens (or creates) `sessions.db` in the data folder, to read and write.
    pub fn open(data_dir: &Path) -> Result<Store, StoreError> {
        std::fs::create_dir_all(data_dir).map_err(|e| StoreError::Open {
            path: data_dir.to_path_buf(),
            message: e.to_string(),
        })?;
        Store::open_file(&data_dir.join("sessions.db"))
    }

    pub fn open_file(path: &Path) -> Result<Store, StoreError> {
        regular_or_absent(path)?;
        companions_regular(path)?;
        let conn = Connection::open(path).map_err(|e| classify(path, e))?;
        let mut store = Store::with(conn, path);
        store.setup().map_err(|e| classify(path, e))??;
        Ok(store)
    }

    /// Opens the data folder's sessions only to read them (list, show, export, replay):
    /// nothing is written, so this works on a full disk, in a read-only folder and on a
    /// read-only disk. A missing database reads as one with no sessions.
    pub fn open_read(data_dir: &Path) -> Result<Store, StoreError> {
        let path = data_dir.join("sessions.db");
        if !regular_or_absent(&path)? {
            return Store::empty(&path);
        }
        companions_regular(&path)?;
        let flags = OpenFlags::SQLITE_OPEN_READ_ONLY
            | OpenFlags::SQLITE_OPEN_URI
            | OpenFlags::SQLITE_OPEN_NO_MUTEX;
        let first = Connection::open_with_flags(&path, flags).and_then(|c| {
            c.busy_timeout(BUSY)?;
            c.query_row("PRAGMA user_version", [], |r| r.get::<_, i64>(0))?;
            Ok(c)
        });
        let conn = match first {
            Ok(c) => c,
            // SQLite could not make the shared-memory file beside the database (a read-only
            // folder or disk, or a full disk). Without a write-ahead log to merge, the file
            // alone is the whole truth and can be read as unchanging.
            Err(e)
                if matches!(
                    e.sqlite_error_code(),
                    Some(ErrorCode::CannotOpen | ErrorCode::SystemIoFailure | ErrorCode::ReadOnly)
                ) =>
            {
                if unmerged(&path) {
                    return Err(StoreError::Unmerged { path });
                }
                Connection::open_with_flags(immutable_uri(&path), flags)
                    .map_err(|e| classify(&path, e))?
            }
            Err(e) => return Err(classify(&path, e)),
        };
        let store = Store::with(conn, &path);
        let version = store.version().map_err(|e| classify(&path, e))?;
        if version == 0 && store.is_empty().map_err(|e| classify(&path, e))? {
            return Store::empty(&path);
        }
        store.check(version)?;
        Ok(store)
    }

    fn with(conn: Connection, path: &Path) -> Store {
        Store {
            conn,
            path: path.to_path_buf(),
            holder: holder_name(),
            held: Vec::new(),
        }
    }

    /// A store with no sessions, in memory (for reading a data folder that has none yet).
    fn empty(path: &Path) -> Result<Store, StoreError> {
        let conn = Connection::open_in_memory().map_err(|e| classify(path, e))?;
        conn.execute_batch(CREATE).map_err(|e| classify(path, e))?;
        Ok(Store::with(conn, path))
    }

    fn version(&self) -> rusqlite::Result<i64> {
        self.conn.query_row("PRAGMA user_version", [], |r| r.get(0))
    }

    /// Whether the database holds no tables at all (a new, empty file).
    fn is_empty(&self) -> rusqlite::Result<bool> {
        self.conn.query_row(
            "SELECT NOT EXISTS (SELECT 1 FROM sqlite_schema WHERE type = 'table')",
            [],
            |r| r.get(0),
        )
    }

    /// Whether the schema is one this version reads: its version and every table and column.
    fn check(&self, version: i64) -> Result<(), StoreError> {
        let foreign = |what: String| StoreError::Foreign {
            path: self.path.clone(),
            what,
        };
        if version > SCHEMA_VERSION {
            return Err(StoreError::Newer {
                path: self.path.clone(),
                version,
            });
        }
        if version < 1 {
            return Err(foreign(format!(
                "its schema version is {version}, which Kkumgil never writes, yet it holds tables"
            )));
        }
        if version >= 2 {
            let has_uid: bool = self
                .conn
                .query_row(
                    "SELECT EXISTS (SELECT 1 FROM pragma_table_info('sessions') WHERE name = 'uid')",
                    [],
                    |r| r.get(0),
                )
                .map_err(|e| self.err(e))?;
            if !has_uid {
                return Err(foreign("its table 'sessions' has no column 'uid'".into()));
            }
        }
        if version >= 3 {
            let has: bool = self
                .conn
                .query_row(
                    "SELECT EXISTS (SELECT 1 FROM pragma_table_info('sessions') WHERE name = 'written_by')",
                    [],
                    |r| r.get(0),
                )
                .map_err(|e| self.err(e))?;
            if !has {
                return Err(foreign(
                    "its table 'sessions' has no column 'written_by'".into(),
                ));
            }
        }
        for (table, columns) in TABLES {
            let have: Vec<String> = self
                .conn
                .prepare("SELECT name FROM pragma_table_info(?1)")
                .and_then(|mut stmt| {
                    stmt.query_map([table], |r| r.get(0))?
                        .collect::<rusqlite::Result<_>>()
                })
                .map_err(|e| self.err(e))?;
            if have.is_empty() {
                return Err(foreign(format!("it has no table '{table}'")));
            }
            if let Some(missing) = columns.iter().find(|c| !have.iter().any(|h| h == *c)) {
                return Err(foreign(format!(
                    "its table '{table}' has no column '{missing}'"
                )));
            }
        }
        Ok(())
    }

    /// Pragmas and migrations, then the schema check.
    fn setup(&mut self) -> rusqlite::Result<Result<(), StoreError>> {
        self.conn.busy_timeout(BUSY)?;
        // Reading the header first turns "not a database" into a clear error early.
        let version = self.version()?;
        // A database that is not ours is left exactly as it is: checked before any pragma.
        if (version != 0 || !self.is_empty()?)
            && let Err(e) = self.check(version)
        {
            return Ok(Err(e));
        }
        self.conn.pragma_update(None, "journal_mode", "WAL")?;
        self.conn.pragma_update(None, "synchronous", "FULL")?;
        self.conn.pragma_update(None, "foreign_keys", "ON")?;
        if version < 1 {
            // Two programs may create the database at once: the second waits for the first
            // and then finds the tables made.
            let tx = self
                .conn
                .transaction_with_behavior(TransactionBehavior::Immediate)?;
            let now: i64 = tx.query_row("PRAGMA user_version", [], |r| r.get(0))?;
            if now < 1 {
                tx.execute_batch(CREATE)?;
            }
            tx.commit()?;
        }
        if self.version()? == 1 {
            let tx = self
                .conn
                .transaction_with_behavior(TransactionBehavior::Immediate)?;
            let now: i64 = tx.query_row("PRAGMA user_version", [], |r| r.get(0))?;
            if now == 1 {
                tx.execute_batch(MIGRATE_1_TO_2)?;
                super::merge::give_uids(&tx)?;
                tx.execute_batch(
                    "CREATE UNIQUE INDEX sessions_uid ON sessions(uid); PRAGMA user_version = 2;",
                )?;
            }
            tx.commit()?;
        }
        if self.version()? == 2 {
            let tx = self
                .conn
                .transaction_with_behavior(TransactionBehavior::Immediate)?;
            let now: i64 = tx.query_row("PRAGMA user_version", [], |r| r.get(0))?;
            if now == 2 {
                tx.execute_batch(MIGRATE_2_TO_3)?;
            }
            tx.commit()?;
        }
        let version = self.version()?;
        Ok(self.check(version))
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
                "INSERT INTO sessions (created_at, class_label, day, group_label, scenario_id, scenario_title, setup, pinned, holder, lease_until, uid, written_by)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12)",
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
                    now + LEASE.as_secs() as i64,
                    super::merge::new_uid(&self.holder, &setup_json),
                    crate::VERSION
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
        let holder = self.holder.clone();
        let path = self.path.clone();
        let fail = |e| classify(&path, e);
        // One immediate transaction: it waits (up to the busy timeout) for any writer, then
        // reads and takes the hold with no other program in between.
        let tx = self
            .conn
            .transaction_with_behavior(TransactionBehavior::Immediate)
            .map_err(fail)?;
        let current: Option<(Option<String>, Option<i64>)> = tx
            .query_row(
                "SELECT holder, lease_until FROM sessions WHERE id = ?1",
                [id],
                |r| Ok((r.get(0)?, r.get(1)?)),
            )
            .optional()
            .map_err(fail)?;
        let Some((current, until)) = current else {
            return Err(StoreError::NoSuchSession(id));
        };
        let free = match (&current, until) {
            (None, _) => true,
            (Some(h), _) if *h == holder => true,
            (Some(_), until) => force || until.is_none_or(|u| u < now),
        };
        if !free {
            return Err(StoreError::InUse {
                id,
                holder: current.unwrap_or_default(),
                until: until.unwrap_or(now),
            });
        }
        tx.execute(
            "UPDATE sessions SET holder = ?1, lease_until = ?2 WHERE id = ?3",
            params![holder, now + LEASE.as_secs() as i64, id],
        )
        .map_err(fail)?;
        tx.commit().map_err(fail)?;
        if !self.held.contains(&id) {
            self.held.push(id);
        }
        Ok(())
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
            .transaction_with_behavior(TransactionBehavior::Immediate)
            .map_err(|e| classify(&self.path, e))?;
        let held: Option<(Option<String>, Option<i64>)> = tx
            .query_row(
                "SELECT holder, lease_until FROM sessions WHERE id = ?1",
                [id],
                |r| Ok((r.get(0)?, r.get(1)?)),
            )
            .optional()
            .map_err(|e| classify(&self.path, e))?;
        match held {
            None => return Err(StoreError::NoSuchSession(id)),
            Some((h, until)) if h.as_deref() != Some(holder.as_str()) => {
                return Err(StoreError::InUse {
                    id,
                    holder: h.unwrap_or_else(|| "nobody: open it first".into()),
                    until: until.unwrap_or(at),
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
        // Files read without migrating (a read-only folder) may be older than the column.
        let written_by: String = self
            .conn
            .query_row("SELECT written_by FROM sessions WHERE id = ?1", [id], |r| {
                r.get(0)
            })
            .unwrap_or_default();
        Ok(Record {
            id: row.0,
            created_at: row.1,
            written_by,
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

/// Whether `path` is a regular file (true) or absent (false); anything else (a folder, a
/// pipe, a device) is refused before SQLite opens it, as opening a pipe would wait forever.
pub(super) fn regular_or_absent(path: &Path) -> Result<bool, StoreError> {
    match std::fs::metadata(path) {
        Ok(m) if m.is_file() => Ok(true),
        Ok(_) => Err(StoreError::Foreign {
            path: path.to_path_buf(),
            what: "it is not a regular file but a folder, a pipe or a device".into(),
        }),
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(false),
        Err(e) => Err(StoreError::Open {
            path: path.to_path_buf(),
            message: e.to_string(),
        }),
    }
}

/// The file SQLite keeps beside the database: `-wal` (the write-ahead log) or `-shm`.
pub(super) fn companion(path: &Path, suffix: &str) -> PathBuf {
    let mut name = path.as_os_str().to_owned();
    name.push(suffix);
    PathBuf::from(name)
}

/// The write-ahead log and its index must be regular files too, when they exist.
fn companions_regular(path: &Path) -> Result<(), StoreError> {
    for suffix in ["-wal", "-shm"] {
        let file = companion(path, suffix);
        if std::fs::metadata(&file).is_ok_and(|m| !m.is_file()) {
            return Err(StoreError::Foreign {
                path: path.to_path_buf(),
                what: format!(
                    "{} beside it is not a regular file",
                    file.file_name().unwrap_or_default().to_string_lossy()
                ),
            });
        }
    }
    Ok(())
}

/// Whether the database's write-ahead log holds commands not yet merged into it.
fn unmerged(path: &Path) -> bool {
    std::fs::metadata(companion(path, "-wal")).is_ok_and(|m| m.len() > 0)
}

/// A `file:` URI that opens `path` as an unchanging file (no locks, no shared memory).
/// Every byte but plain ASCII is percent-encoded, so Korean folder names and `?`/`#` work.
fn immutable_uri(path: &Path) -> String {
    let text = path.to_string_lossy().replace('\\', "/");
    let mut uri = String::from("file:");
    // A Windows drive path (C:/…) is written file:/C:/….
    if text.as_bytes().get(1) == Some(&b':') {
        uri.push('/');
    }
    for b in text.bytes() {
        if b.is_ascii_alphanumeric() || b"/-_.~:".contains(&b) {
            uri.push(b as char);
        } else {
            uri.push_str(&format!("%{b:02X}"));
        }
    }
    uri + "?immutable=1"
}

/// Whether the disk holding `path` is full. SQLite reports a full disk as a plain I/O error
/// when it cannot make its shared-memory file, so after an I/O error this asks the disk:
/// can 64 KB be written beside the database?
fn disk_full(path: &Path) -> bool {
    let Some(dir) = path.parent() else {
        return false;
    };
    let probe = dir.join(format!(".kkumgil-free-space-{}", std::process::id()));
    let written = std::fs::write(&probe, vec![0u8; 64 * 1024]);
    let _ = std::fs::remove_file(&probe);
    matches!(written, Err(e) if e.kind() == std::io::ErrorKind::StorageFull)
}

/// SQLite's errors in the words an instructor can act on.
pub(super) fn classify(path: &Path, e: rusqlite::Error) -> StoreError {
    let path = path.to_path_buf();
    let detail = e.to_string();
    match e.sqlite_error_code() {
        Some(ErrorCode::ReadOnly) => StoreError::ReadOnly { path },
        Some(ErrorCode::DatabaseCorrupt) => StoreError::Corrupt {
            path,
            what: "its contents are malformed".into(),
        },
        Some(ErrorCode::NotADatabase) => StoreError::Corrupt {
            path,
            what: "it is not an SQLite database".into(),
        },
        Some(ErrorCode::DiskFull) => StoreError::Full { path },
        Some(ErrorCode::SystemIoFailure) if disk_full(&path) => StoreError::Full { path },
        Some(ErrorCode::SystemIoFailure) => StoreError::Disk { path, detail },
        Some(ErrorCode::DatabaseBusy | ErrorCode::DatabaseLocked) => StoreError::Busy { path },
        Some(ErrorCode::CannotOpen | ErrorCode::PermissionDenied) => StoreError::Open {
            message: detail,
            path,
        },
        _ if detail.contains("unsupported file format") => StoreError::Corrupt {
            path,
            what: "its header names a file format that Kkumgil cannot read".into(),
        },
        _ if detail.contains("no such table") || detail.contains("no such column") => {
            StoreError::Foreign { path, what: detail }
        }
        _ => StoreError::Sqlite {
            path,
            message: detail,
        },
    }
}
