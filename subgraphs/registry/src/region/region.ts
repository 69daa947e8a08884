import { registerEnumType } from 'type-graphql';

/** Prefecture-level divisions of Henan province, the pilot zone. */
export enum Region {
  ZHENGZHOU = 'ZHENGZHOU', LUOYANG = 'LUOYANG', KAIFENG = 'KAIFENG', NANYANG = 'NANYANG', JIAOZUO = 'JIAOZUO',
  SANMENXIA = 'SANMENXIA', XINYANG = 'XINYANG', XINXIANG = 'XINXIANG', PINGDINGSHAN = 'PINGDINGSHAN', ANYANG = 'ANYANG',
  HEBI = 'HEBI', PUYANG = 'PUYANG', XUCHANG = 'XUCHANG', LUOHE = 'LUOHE', SHANGQIU = 'SHANGQIU', ZHOUKOU = 'ZHOUKOU',
  ZHUMADIAN = 'ZHUMADIAN', JIYUAN = 'JIYUAN',
}
registerEnumType(Region, { name: 'Region', description: 'Where an enterprise or individual is filed (Henan prefectures).' });

/** Rollout: phase 1 Zhengzhou; phase 2 seven cities; phase 3 the rest of Henan. */
const PHASE_TWO = new Set<Region>([
  Region.LUOYANG, Region.KAIFENG, Region.NANYANG, Region.JIAOZUO, Region.SANMENXIA, Region.XINYANG, Region.XINXIANG,
]);

export function rolloutPhaseOf(region: Region): 1 | 2 | 3 {
  if (region === Region.ZHENGZHOU) return 1;
  return PHASE_TWO.has(region) ? 2 : 3;
}

/** Parses ENABLED_PHASES ("1,2"); returns undefined when malformed. */
export function parsePhases(raw: string): Set<number> | undefined {
  const phases = raw.split(',').map((part) => Number(part.trim()));
  if (phases.length === 0 || phases.some((phase) => ![1, 2, 3].includes(phase))) return undefined;
  return new Set(phases);
}
