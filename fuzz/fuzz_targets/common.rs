//! Checks shared by the fuzz targets (a module of each target, not a target).

use minilang::diagnostics::Diagnostic;

/// Every span of every diagnostic lies inside the source and on character
/// boundaries (ariadne panics otherwise).
pub fn check_spans(diags: &[Diagnostic], src: &str) {
    for d in diags {
        for label in std::iter::once(&d.primary).chain(&d.secondary) {
            let (start, end) = (label.span.start as usize, label.span.end as usize);
            assert!(start <= end && end <= src.len(), "{} {:?} out of bounds", d.code, label.span);
            assert!(src.is_char_boundary(start) && src.is_char_boundary(end), "{} {:?} splits a character", d.code, label.span);
        }
    }
}
