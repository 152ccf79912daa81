//! Diagnostics as plain values; their codes in `code.rs`; rendering
//! (ariadne) in `render.rs`.

pub(crate) mod code;
pub(crate) mod render;

pub use code::Code;
pub use render::{render, render_exception, render_exception_bytes};

use crate::syntax::ast::Span;

/// Error code: the compile needed more memory than its region's limit
/// (`--max-memory`).
pub const E_MEMORY_LIMIT: Code = Code::E0900;

/// How serious a diagnostic is.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Severity {
    /// Stops the compile: nothing runs, exit status 2.
    Error,
    /// Reported, but does not change the exit status.
    Warning,
}

/// A labelled source range inside a diagnostic.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Label {
    /// Byte range in the source (always on UTF-8 character boundaries).
    pub span: Span,
    /// What the label says about that range.
    pub message: String,
}

/// A compile-time problem, reported before anything runs.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Diagnostic {
    /// Error or warning.
    pub severity: Severity,
    /// A stable code such as `E0101`: [`Code::as_str`] of the code it was
    /// made with (every code is in [`Code`]).
    pub code: &'static str,
    /// One-line summary, OCaml's wording where OCaml has one.
    pub message: String,
    /// The main range, with its label.
    pub primary: Label,
    /// Further ranges that explain the primary one.
    pub secondary: Vec<Label>,
    /// A hint on how to fix it, if one helps.
    pub help: Option<String>,
    /// Where OCaml's checker meets this problem, when that is not where the
    /// primary span starts (see [`Diagnostic::checking_order`]).
    pub checked_at: Option<u32>,
}

impl Diagnostic {
    /// An error with a code, a message, and a primary label.
    #[must_use]
    pub fn error(
        code: Code,
        message: impl Into<String>,
        span: Span,
        label: impl Into<String>,
    ) -> Self {
        Diagnostic {
            severity: Severity::Error,
            code: code.as_str(),
            message: message.into(),
            primary: Label {
                span,
                message: label.into(),
            },
            secondary: Vec::new(),
            help: None,
            checked_at: None,
        }
    }

    /// A warning (it does not change the exit status) with a code, a
    /// message, and a primary label.
    #[must_use]
    pub fn warning(
        code: Code,
        message: impl Into<String>,
        span: Span,
        label: impl Into<String>,
    ) -> Self {
        Diagnostic {
            severity: Severity::Warning,
            ..Diagnostic::error(code, message, span, label)
        }
    }

    /// [`E_MEMORY_LIMIT`]: building `what` (e.g. "the syntax tree") needed
    /// more memory than the region's limit allows; `span` is where it stopped.
    #[must_use]
    pub fn memory_limit(span: Span, what: &str) -> Self {
        Diagnostic::error(
            E_MEMORY_LIMIT,
            format!("Out of memory: {what} needs more than the memory limit of the compile"),
            span,
            "the limit was reached here",
        )
        .with_help("raise the limit (`--max-memory`), or split the program")
    }

    /// Adds a secondary label.
    #[must_use]
    pub fn with_label(mut self, span: Span, message: impl Into<String>) -> Self {
        self.secondary.push(Label {
            span,
            message: message.into(),
        });
        self
    }

    /// Says that OCaml's checker meets this problem at offset `at`, not
    /// where its primary span starts: a `let rec` binding that is not a
    /// name, say, is rejected after the right-hand sides are checked.
    #[must_use]
    pub fn checked_at(mut self, at: u32) -> Self {
        self.checked_at = Some(at);
        self
    }

    /// The order of this problem among those OCaml finds while
    /// type-checking: the offset where its checker meets it (by default
    /// where the primary span starts; `u32::MAX` for minilang's own
    /// restrictions, which OCaml does not have).
    #[must_use]
    pub fn checking_order(&self) -> u32 {
        self.checked_at.unwrap_or(self.primary.span.start)
    }

    /// Adds a help line.
    #[must_use]
    pub fn with_help(mut self, help: impl Into<String>) -> Self {
        self.help = Some(help.into());
        self
    }
}
