//! Any bytes given as a template workbook: read as an error, never a crash.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let _ = ntm_reports::template::read_template(data);
});
