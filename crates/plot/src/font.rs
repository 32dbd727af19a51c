//! The embedded DejaVu fonts, registered once with plotters's ab_glyph
//! backend.
//!
//! plotters's default `ttf` feature needs the system's fontconfig; embedding
//! the font makes rendering identical on every machine. Licence:
//! `assets/DejaVu-LICENSE.txt` (Bitstream Vera / Arev, free to redistribute).

use std::sync::OnceLock;

use plotters::style::{register_font, FontStyle};

use crate::{Error, Result};

/// Family name under which the fonts are registered; plotters's
/// `FontFamily::SansSerif` resolves to it.
pub(crate) const FAMILY: &str = "sans-serif";

static REGULAR: &[u8] = include_bytes!("../assets/DejaVuSans.ttf");
static BOLD: &[u8] = include_bytes!("../assets/DejaVuSans-Bold.ttf");

/// Registers the fonts on first call; later calls return the first outcome.
pub(crate) fn ensure_registered() -> Result<()> {
    static DONE: OnceLock<bool> = OnceLock::new();
    let ok = *DONE.get_or_init(|| {
        register_font(FAMILY, FontStyle::Normal, REGULAR).is_ok()
            && register_font(FAMILY, FontStyle::Bold, BOLD).is_ok()
    });
    if ok {
        Ok(())
    } else {
        Err(Error::Font)
    }
}

#[cfg(test)]
mod tests {
    #[test]
    fn fonts_register_and_are_idempotent() {
        super::ensure_registered().unwrap();
        super::ensure_registered().unwrap();
    }
}
