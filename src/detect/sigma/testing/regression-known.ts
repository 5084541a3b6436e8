/**
 * SigmaHQ regression tests that Lurewatch does not pass, each with the reason. The conformance
 * test fails when a test outside this list fails, and when one inside it starts passing.
 */
export const KNOWN_REGRESSION_FAILURES: Readonly<Record<string, string>> = {
  'rules/cisco/aaa/cisco_cli_dot1x_disabled':
    'info.yml has its regression_tests_info commented out: no sample to run',
};
