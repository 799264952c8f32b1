//! The app's command-line options, parsed by `cli` and read only here.

use std::path::PathBuf;

/// Options for the app (`kkumgil` with no subcommand).
#[derive(Debug, Clone, Default, clap::Args)]
pub struct Options {
    /// Window size, e.g. 1920x1080.
    #[arg(long, value_name = "WxH", value_parser = parse_size)]
    pub window_size: Option<(u32, u32)>,

    /// Experience day: run this PC as a station of this day plan (.ron).
    #[arg(long, value_name = "PLAN")]
    pub day: Option<PathBuf>,

    /// The station of the day plan this PC is (its id); asked once on screen when left out.
    #[arg(long, value_name = "ID", requires = "day")]
    pub station: Option<String>,

    /// Kiosk station: fullscreen, and quitting, settings and the console need the instructor
    /// key (Ctrl+Alt+K, then the day plan's PIN).
    #[arg(long, requires = "day")]
    pub kiosk: bool,

    /// Save a screenshot of the first fully drawn title screen to this PNG, then quit.
    #[arg(long, value_name = "PNG", hide = true)]
    pub screenshot: Option<PathBuf>,

    /// Measure this many frames of a team game with 8 teams, print the frame time, then quit.
    #[arg(long, value_name = "N", hide = true)]
    pub measure_frames: Option<u32>,

    /// Measure this many frames of the 8-team reveal while it animates (each round decided,
    /// revealed, its bars growing for a few seconds, then the next round), then quit.
    #[arg(long, value_name = "N", hide = true)]
    pub measure_reveal: Option<u32>,

    /// Leave the 8-team play screen alone this many seconds, as in class, and print how many
    /// frames it drew (for measuring idle CPU use from outside).
    #[arg(long, value_name = "SECONDS", hide = true)]
    pub measure_idle: Option<f32>,

    /// Walk through every screen, saving a screenshot of each into this folder, then quit.
    #[arg(long, value_name = "DIR", hide = true)]
    pub tour: Option<PathBuf>,
}

fn parse_size(s: &str) -> Result<(u32, u32), String> {
    let (w, h) = s
        .split_once(['x', 'X'])
        .ok_or_else(|| format!("'{s}' is not WIDTHxHEIGHT, e.g. 1280x720"))?;
    let w: u32 = w
        .trim()
        .parse()
        .map_err(|_| format!("'{w}' is not a width"))?;
    let h: u32 = h
        .trim()
        .parse()
        .map_err(|_| format!("'{h}' is not a height"))?;
    if !(320..=8192).contains(&w) || !(240..=8192).contains(&h) {
        return Err(format!("{w}x{h} is not a usable window size"));
    }
    Ok((w, h))
}
