//! Any bytes given as a values CSV file: parsed or refused, never a crash.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let _ = ntm_app::csv_input::CsvTable::parse("fuzz.csv", data, ntm_app::import::values::VALUE_COLUMNS);
});
