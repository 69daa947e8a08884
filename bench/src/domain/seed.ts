import { residentIdCheckCharacter, usccCheckCharacter } from '@sw/kernel';

const REGIONS = ['ZHENGZHOU', 'LUOYANG', 'KAIFENG', 'NANYANG', 'JIAOZUO', 'XINXIANG', 'XUCHANG', 'SHANGQIU', 'ZHOUKOU', 'ANYANG'];
const ROLES = ['ECOMMERCE_ENTERPRISE', 'ECOMMERCE_PLATFORM', 'LOGISTICS', 'PAYMENT', 'CUSTOMS_BROKER', 'WAREHOUSE', 'FOREIGN_TRADE_SERVICE', 'MANUFACTURER'];
const USCC_CHARSET = '0123456789ABCDEFGHJKLMNPQRTUWXY';
const TRADE = ['跨境电商', '国际物流', '供应链管理', '进出口贸易', '电子商务', '仓储服务'];
const CITY = ['郑州', '洛阳', '开封', '南阳', '焦作', '新乡', '许昌', '商丘', '周口', '安阳'];
const SURNAMES = '王李张刘陈杨黄赵吴周';
const GIVEN = ['伟', '芳', '娜', '敏', '静', '磊', '洋', '勇', '艳', '杰'];

/** A valid unified social credit code (GB 32100-2015) for the n-th bench enterprise. */
export function benchUscc(n: number): string {
  let serial = '';
  for (let rest = n, i = 0; i < 5; i++, rest = Math.floor(rest / 31)) serial = USCC_CHARSET[rest % 31] + serial;
  const first17 = `91410100MA4B${serial}`;
  return first17 + usccCheckCharacter(first17);
}

export function enterpriseInput(n: number) {
  return {
    uscc: benchUscc(n),
    name: `${CITY[n % CITY.length]}${TRADE[n % TRADE.length]}基准${String(n).padStart(4, '0')}有限公司`,
    customsCode: `4101B${String(n).padStart(5, '0')}`,
    region: REGIONS[n % REGIONS.length],
    roles: [ROLES[n % ROLES.length], ROLES[(n * 3 + 1) % ROLES.length]].filter((role, i, all) => all.indexOf(role) === i),
    contactPhone: `138${String(10_000_000 + n).slice(-8)}`,
  };
}

/** A valid resident ID number (GB 11643-1999) and filing for the n-th bench person. */
export function personInput(n: number) {
  const birth = new Date(Date.UTC(1970, 0, 1) + n * 86_400_000 * 37);
  const date = `${birth.getUTCFullYear()}${String(birth.getUTCMonth() + 1).padStart(2, '0')}${String(birth.getUTCDate()).padStart(2, '0')}`;
  const first17 = `410102${date}${String(n % 1000).padStart(3, '0')}`;
  return {
    name: `${SURNAMES[n % SURNAMES.length]}${GIVEN[(n * 7) % GIVEN.length]}${GIVEN[(n * 3 + 1) % GIVEN.length]}`,
    idNumber: first17 + residentIdCheckCharacter(first17),
    region: REGIONS[n % REGIONS.length],
    phone: `139${String(20_000_000 + n).slice(-8)}`,
  };
}

export const FILE_ENTERPRISE = 'mutation($i: FileEnterpriseInput!) { fileEnterprise(input: $i) { uscc } }';
export const FILE_INDIVIDUAL = 'mutation($i: FileIndividualInput!) { fileIndividual(input: $i) { id } }';

/** Runs `work` for 0..count-1 with at most `parallel` at a time. */
export async function inParallel(count: number, parallel: number, work: (n: number) => Promise<void>): Promise<void> {
  let next = 0;
  await Promise.all(Array.from({ length: Math.min(parallel, count) }, async () => {
    while (next < count) await work(next++);
  }));
}
