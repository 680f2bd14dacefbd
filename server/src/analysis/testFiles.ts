/** Tests and fixtures hold deliberately unsafe code; their findings matter less. */
const TEST_PATH = [
  /(^|[\\/])(test|tests|__tests__|__mocks__|spec|specs|fixtures?|testdata)[\\/]/i,
  /\.(test|spec)\.[cm]?[jt]sx?$/i,
  /_test\.(go|py)$/i,
  /(^|[\\/])test_[^\\/]*\.py$/i,
  /(^|[\\/])conftest\.py$/i,
];

export function isTestPath(filePath: string): boolean {
  return TEST_PATH.some((re) => re.test(filePath));
}
