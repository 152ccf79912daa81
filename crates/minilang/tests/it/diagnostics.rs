//! Snapshots of what the user sees on stderr for every kind of resolver error,
//! type errors at operators and every run-time exception, rendered without
//! colour through the CLI.

use std::process::Command;

use crate::common::minilang_bin;

/// Runs `src` as the file `prog.ml` and returns (exit status, stderr).
fn stderr_of(test: &str, src: &str) -> (Option<i32>, String) {
    let dir = std::env::temp_dir().join(format!("minilang-diag-{}-{test}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    std::fs::write(dir.join("prog.ml"), src).unwrap();
    let out = Command::new(minilang_bin())
        .args(["--color", "never", "prog.ml"])
        .current_dir(&dir)
        .output()
        .unwrap();
    (out.status.code(), String::from_utf8(out.stderr).unwrap())
}

macro_rules! snapshot {
    ($name:ident, $status:expr, $src:expr) => {
        #[test]
        fn $name() {
            let (status, stderr) = stderr_of(stringify!($name), $src);
            assert_eq!(status, Some($status), "{stderr}");
            insta::assert_snapshot!(stderr);
        }
    };
}

snapshot!(unbound_value, 2, "let x = 1\nlet () = print_int y\n");
snapshot!(unbound_value_with_hint, 2, "let () = prnt_int 3\n");
snapshot!(unbound_qualified_value, 2, "let n = String.size \"abc\"\n");
snapshot!(let_rec_not_a_function, 2, "let rec x = 5\n");
snapshot!(let_rec_not_a_variable, 2, "let rec _ = fun x -> x\n");
snapshot!(bound_twice, 2, "let rec f x = x and f y = y\n");
snapshot!(
    several_errors_in_one_run,
    2,
    "let a = b\nlet rec c = 1\nlet d = (1 +\n"
);
// Type errors at operators: the label shows the operator's type, which the
// checker builds only for the message.
snapshot!(type_error_operator_int, 2, "let x = 1 + \"a\"\n");
snapshot!(
    type_error_operator_in_a_chain,
    2,
    "let p = 1 + 2 + 3 + (4 = 4)\nlet k = 1 + 2 * \"x\" - 3\n"
);
snapshot!(
    type_error_operator_result,
    2,
    "let g b = if b then 1 else 2 + true\n"
);
snapshot!(type_error_comparison, 2, "let h = (fun x -> x) 1 < \"s\"\n");
snapshot!(type_error_boolean_operator, 2, "let m = true && 1\n");
snapshot!(
    type_error_concatenation_chain,
    2,
    "let q s = s ^ \"x\" ^ 3 ^ \"y\"\n"
);
snapshot!(
    exception_division_by_zero,
    2,
    "let () = print_string \"out\"\nlet f x = x / (x - 1)\nlet () = print_int (f 1)\n"
);
snapshot!(
    exception_failure,
    2,
    "let () = failwith \"boom \\\"quoted\\\"\"\n"
);
snapshot!(
    exception_invalid_argument,
    2,
    "let () = print_string (String.sub \"abc\" 2 5)\n"
);
snapshot!(
    exception_compare_functions,
    2,
    "let f x = x\nlet b = f = f\n"
);
snapshot!(
    exception_int_of_string,
    2,
    "let n = int_of_string \"12a\"\n"
);
snapshot!(
    exception_assert_failure,
    2,
    "let check n =\n  assert (n > 0)\nlet () = check 1; check 0\n"
);
