// Customs measurement units (计量单位代码, JGS-20 海关业务代码集): the CEB messages' `unit` (declared unit),
// `unit1` (first legal unit) and `unit2` (second legal unit) are 3-digit codes from this table ("C3: 海关标准的参数
// 代码《JGS-20 海关业务代码集》- 计量单位代码"). We ship the codes found identically in independent reproductions
// of the customs table. Our copy is not the official table, so a well-formed code that is missing from it is
// accepted: refusing it could block a valid declaration, and customs itself checks the code and answers with a
// receipt. Only the 3-digit form is enforced.

const UNITS: ReadonlyMap<string, string> = new Map([
  ['001', '台'], ['002', '座'], ['003', '辆'], ['004', '艘'], ['005', '架'], ['006', '套'], ['007', '个'], ['008', '只'],
  ['009', '头'], ['010', '张'], ['011', '件'], ['012', '支'], ['013', '枝'], ['014', '根'], ['015', '条'], ['016', '把'],
  ['017', '块'], ['018', '卷'], ['019', '副'], ['020', '片'], ['021', '组'], ['022', '份'], ['023', '幅'], ['025', '双'],
  ['026', '对'], ['027', '棵'], ['028', '株'], ['029', '井'], ['030', '米'], ['031', '盘'], ['032', '平方米'], ['033', '立方米'],
  ['034', '筒'], ['035', '千克'], ['036', '克'], ['037', '盆'], ['038', '万个'], ['039', '具'], ['040', '百副'], ['041', '百支'],
  ['042', '百把'], ['043', '百个'], ['044', '百片'], ['045', '刀'], ['046', '疋'], ['047', '公担'], ['048', '扇'], ['049', '百枝'],
  ['050', '千只'], ['051', '千块'], ['052', '千盒'], ['053', '千枝'], ['054', '千个'], ['055', '亿支'], ['056', '亿个'], ['057', '万套'],
  ['058', '千张'], ['059', '万张'], ['060', '千伏安'], ['061', '千瓦'], ['062', '千瓦时'], ['063', '千升'], ['067', '英尺'], ['070', '吨'],
  ['071', '长吨'], ['072', '短吨'], ['073', '司马担'], ['074', '司马斤'], ['075', '斤'], ['076', '磅'], ['077', '担'], ['078', '英担'],
  ['079', '短担'], ['080', '两'], ['081', '市担'], ['083', '盎司'], ['084', '克拉'], ['085', '市尺'], ['086', '码'], ['088', '英寸'],
  ['089', '寸'], ['095', '升'], ['096', '毫升'], ['097', '英加仑'], ['098', '美加仑'], ['099', '立方英尺'], ['101', '立方尺'], ['110', '平方码'],
  ['111', '平方英尺'], ['112', '平方尺'], ['115', '英制马力'], ['116', '公制马力'], ['118', '令'], ['120', '箱'], ['121', '批'], ['122', '罐'],
  ['123', '桶'], ['124', '扎'], ['125', '包'], ['126', '箩'], ['127', '打'], ['128', '筐'], ['129', '罗'], ['130', '匹'],
  ['131', '册'], ['132', '本'], ['133', '发'], ['134', '枚'], ['135', '捆'], ['136', '袋'], ['139', '粒'], ['140', '盒'],
  ['141', '合'], ['142', '瓶'], ['143', '千支'], ['144', '万双'], ['145', '万粒'], ['146', '千粒'], ['147', '千米'], ['148', '千英尺'],
  ['163', '部'],
]);

const CODE_BY_NAME: ReadonlyMap<string, string> = new Map([...UNITS].map(([code, name]) => [name, code]));

const FORM = 'a 3-digit customs unit code (计量单位代码), e.g. 007 个, 011 件, 035 千克';

/** Returns why `code` is not a well-formed customs unit code, or undefined when it is (known or not). */
export function unitProblem(code: string): string | undefined {
  if (/^\d{3}$/.test(code)) return undefined;
  const byName = CODE_BY_NAME.get(code.trim());
  if (byName) return `'${code}' is a unit name; give its customs code ${byName}`;
  if (/^\d{1,2}$/.test(code)) return `must be 3 digits with leading zeros, e.g. ${code.padStart(3, '0')}, got '${code}'`;
  return `must be ${FORM}, got '${code}'`;
}

/** The Chinese name of a customs unit code (035 → 千克), or undefined when it is not in our table. */
export function unitName(code: string): string | undefined {
  return UNITS.get(code);
}

/** The customs unit codes we ship, with their Chinese names. */
export function knownUnits(): ReadonlyMap<string, string> {
  return UNITS;
}
