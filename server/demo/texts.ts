/**
 * Realistic demo texts: what residents raise in a group, as the 网长 forwards them, plus the
 * departments' answers and return reasons. Templates are written per level-2 kind so that the
 * keyword router (shared/routing/keywordRouter.ts) finds the intended kind; place names come from
 * the real divisions and the seed estates.
 */
import type { Group, Priority } from '../../shared/domain/types.ts'
import { COMMUNITY_BY_CODE, TOWN_BY_CODE } from '../../shared/domain/taxonomy.ts'
import { estateNames, isUrban } from '../seed/geography.ts'
import { chance, pick, pickWeighted, randInt, type Rng } from '../seed/random.ts'

export interface DemoReport {
  /** the level-2 kind the template was written for */
  kind: string
  title: string
  content: string
  /** the affected resident, when the text gives a phone number */
  contact?: string
  priorityHint?: Priority
}

/** One complaint: its title (≤ 20 chars) and text with {slots}; `hint` marks an emergency. */
interface Entry { title: string; text: string; hint?: Priority }

interface KindTemplates {
  kind: string
  entries: readonly Entry[]
  /** only plausible in a 社区 (elevators, property companies, taxis…) */
  urbanOnly?: boolean
  /** its identifying detail is a car plate rather than a phone number */
  plate?: boolean
}

const e = (title: string, text: string, hint?: Priority): Entry => (hint ? { title, text, hint } : { title, text })

/*
 * Slots: {where} town+community+estate (or 组), {community}, {town}, {bld} 3栋 / 12号, {unit},
 * {road}, {road2}, {landmark}, {days}, {night}, {hours}, {months}, {price}, {floor}.
 * Bodies avoid other kinds' keywords (e.g. 卫生院 would hit 食品安全's 卫生).
 */
const TEMPLATES: readonly KindTemplates[] = [
  {
    kind: '垃圾清运',
    entries: [
      e('垃圾多日未清运', '{where}{bld}旁边的垃圾桶已经满了{days}没人清运，垃圾堆到了路边，天气一热臭味很大，蚊蝇乱飞。'),
      e('路边建渣堆放无人管', '{community}{road}边上有人堆放建渣和装修垃圾，{days}了一直没人管，占了半边路。'),
      e('垃圾站臭味扰人', '{where}的垃圾站{days}没有清运了，环卫车最近都没来，整片都是臭味。'),
      e('垃圾桶损坏垃圾落地', '{where}门口的垃圾桶坏了也没人换，垃圾直接堆在地上，狗一翻满地都是。'),
    ],
  },
  {
    kind: '行道树修剪',
    entries: [
      e('行道树挡光需修剪', '{road}{community}段的行道树长得太茂密，树枝都伸到{where}{bld}的窗户边了，低楼层白天都要开灯，挡光严重，希望安排修剪。'),
      e('行道树倒伏拦路', '昨晚风大，{where}门口有一棵行道树倒伏了，横在路边，电动车只能绕着走，请尽快处理。'),
      e('树木多年未修剪', '{where}外面的树木好多年没修剪了，树枝遮挡了楼道窗户，夏天蚂蚁虫子顺着树枝往家里爬。'),
    ],
  },
  {
    kind: '违章搭建',
    entries: [
      e('楼顶私搭彩钢棚', '{where}{bld}顶楼住户在楼顶私搭彩钢棚，还在加建房间，其他业主担心楼板承重，多次劝阻无果。'),
      e('占用公共区域违建', '{community}{road}旁边有人占用公共空地违章搭建板房，已经{days}了，越搭越大。'),
      e('商户乱搭乱建', '{where}一楼商户把门前院坝围起来乱搭乱建，疑似违建，影响大家通行。'),
    ],
  },
  {
    kind: '占道经营',
    urbanOnly: true,
    entries: [
      e('流动摊贩占道经营', '{community}{road}一到晚上就有很多流动摊贩摆摊，占道经营，行人只能走机动车道。'),
      e('商户店外经营', '{where}门口的水果店、五金店长期店外经营，货物都摆到路中间了，推婴儿车根本过不去。'),
      e('夜市占道摆摊', '{road}靠近{community}的路段自发形成了夜市，占道摆摊到深夜，散场后一地狼藉。'),
    ],
  },
  {
    kind: '道路破损',
    entries: [
      e('路面坑洼积水', '{road}{community}路段路面破损严重，坑洼很多，一下雨就积水，电瓶车都摔了好几辆。'),
      e('井盖松动', '{where}门口人行道的井盖松动了，踩上去会翻，晚上看不清，已经有老人摔倒。'),
      e('路面塌陷', '{community}{road}有一段路面出现塌陷，坑有半米多深，{days}了只是围了几个桶。'),
    ],
  },
  {
    kind: '路灯故障',
    entries: [
      e('路灯不亮', '{where}到{road}这一段的路灯{days}不亮了，晚上黑漆漆的，老人小孩走路很不方便。'),
      e('一排路灯坏了', '{community}{road}沿线有七八盏路灯坏了，一直没人修，夜间照明很差。'),
      e('夜间照明差', '{where}外面那条路的路灯时亮时不亮，晚上下班回家心里发怵。'),
    ],
  },
  {
    kind: '电梯故障',
    urbanOnly: true,
    entries: [
      e('电梯频繁困人', '{where}{bld}{unit}电梯今天又困人了，一位老人被关在里面二十多分钟，这{days}坏了好几次，维保单位敷衍了事。', 'emergency'),
      e('电梯停运多日', '{where}{bld}的电梯停运{days}了，住{floor}楼的老人上下楼非常吃力，一直没人来修。'),
      e('电梯困人有小孩被困', '紧急！{where}{bld}{unit}电梯困人，里面有小孩，按电梯里的应急按钮没人应答，请马上派人！', 'emergency'),
    ],
  },
  {
    kind: '物业纠纷',
    urbanOnly: true,
    entries: [
      e('物业服务差', '{where}物业服务太差，收了物业费却不打扫楼道，大门坏了几个月不修，业主想成立业委会，物业一直阻挠。'),
      e('开发商配套未兑现', '{where}开发商承诺的配套至今没兑现，物业还要求业主另交维修基金，大家意见很大。'),
      e('物业擅自涨物业费', '{where}物业擅自上调物业费，没开业主大会，小区管理混乱，外来车辆随便进出。'),
    ],
  },
  {
    kind: '房屋质量',
    urbanOnly: true,
    entries: [
      e('新房墙体开裂', '{where}{bld}去年才交房，现在好几户墙体出现裂缝，厨房还往楼下漏水。'),
      e('外墙渗水', '{where}{bld}外墙渗水严重，一下雨屋里墙面就发霉，怀疑房屋质量有问题，找建设单位几次都推诿。'),
      e('顶楼漏水', '{where}{bld}顶楼漏水，墙体裂缝越来越宽，住户很担心。'),
    ],
  },
  {
    kind: '水电气中断',
    entries: [
      e('突然停水', '{where}从今天早上开始停水，整栋楼都没水，也没有提前通知，老人小孩做饭都成问题。'),
      e('片区停电', '{where}附近突然停电，已经{hours}个小时了，家里没电，冰箱里的东西都要坏了。'),
      e('疑似燃气泄漏', '{where}{bld}楼道里闻到很重的燃气味，怀疑天然气管道漏气，请燃气公司马上来看看！', 'emergency'),
      e('水管爆裂', '{community}{road}路边水管爆裂，水喷了一地，附近几个小区水压都很低。'),
    ],
  },
  {
    kind: '下水道堵塞',
    entries: [
      e('下水道堵塞返水', '{where}{bld}下水道堵塞，一楼住户家里返水，污水外溢到院子里，臭气熏天。'),
      e('化粪池满溢', '{community}{road}边上的窨井一直往外冒水，化粪池{days}没清掏了。'),
      e('管网堵塞倒灌', '{where}的雨污管网老化堵塞，一下大雨就倒灌，地下室全泡了。'),
    ],
  },
  {
    kind: '噪音扰民',
    entries: [
      e('夜间施工噪音大', '{where}旁边的工地{night}还在夜间施工，打桩声噪音很大，吵得人根本睡不着。'),
      e('广场舞音响扰民', '{community}{road}旁的广场舞每天晚上音响开得特别大，一直跳到十点多，严重扰民。'),
      e('KTV噪声扰民', '{where}楼下的KTV{night}噪声很大，严重扰民，孩子没法写作业。'),
    ],
  },
  {
    kind: '油烟扰民',
    entries: [
      e('餐馆油烟直排', '{where}{bld}楼下新开的餐馆没有装净化器，油烟直接往楼上排，满屋子烟味，窗户都不敢开。'),
      e('烧烤油烟熏人', '{community}{road}的烧烤店{night}油烟熏人，烟味飘进楼上住户家里，衣服都不敢晒。'),
      e('排烟管对着窗户', '{where}底商火锅店的排烟管道直接对着住宅窗户，油烟把墙都熏黑了。'),
    ],
  },
  {
    kind: '污水排放',
    entries: [
      e('河水发黑疑偷排', '{community}附近的璧南河这几天河水发黑发臭，怀疑有企业偷排污水。'),
      e('洗车场污水直排', '{where}旁边有家洗车场直接把污水排放到雨水沟里，路边的小沟已经黑臭了。'),
      e('养殖场排污', '{where}附近的养殖场排污不规范，污水直接排放到田里和小河里。'),
    ],
  },
  {
    kind: '大气污染',
    entries: [
      e('工地扬尘大', '{where}附近的工地扬尘很大，没有洒水也没有覆盖，窗台上天天一层灰，空气很差。'),
      e('工厂废气刺鼻', '{community}{road}旁边的工厂晚上偷偷排废气，有很刺鼻的异味，好多人嗓子疼。'),
      e('焚烧秸秆浓烟', '{where}有人在田里焚烧秸秆和塑料，浓烟滚滚，空气里全是焦糊的异味。'),
    ],
  },
  {
    kind: '乱停车',
    plate: true,
    entries: [
      e('消防通道被占', '{where}{bld}门口的消防通道长期被私家车占用，有的车停了{days}都不挪，万一着火车根本进不来。'),
      e('路边乱停车', '{community}{road}两边乱停车很严重，晚高峰经常堵路，有的车还直接停在路口。'),
      e('车辆违停堵出口', '{where}车位不够，很多车违停在主干道上，出入口天天被堵。'),
    ],
  },
  {
    kind: '出租车乱收费',
    urbanOnly: true,
    plate: true,
    entries: [
      e('出租车不打表', '在{landmark}坐出租车回{community}，司机不打表，一口价要{price}元，明显乱收费。'),
      e('的士绕路多收费', '昨晚在{road}打的士回{where}，司机故意绕路，车费比平时多了一倍。'),
      e('出租车拒载', '{community}附近晚上出租车拒载严重，说去{town}其他地方不顺路就不拉。'),
    ],
  },
  {
    kind: '公交线路',
    entries: [
      e('公交末班车太早', '{community}到{landmark}的公交车班次太少，末班车六点就收了，下晚班的人回不了家，希望增开线路。'),
      e('公交站台被拆', '{where}门口的公交站台拆了{days}，一直没恢复，老人等车只能站在路边晒太阳。'),
      e('建议开通公交线路', '建议开通{town}{community}到璧山高铁站的公交线路，现在要转两趟车。'),
    ],
  },
  {
    kind: '交通设施',
    entries: [
      e('红绿灯故障', '{road}与{road2}交叉口的红绿灯坏了{days}，信号灯一直闪黄，{community}的居民过马路很提心吊胆。'),
      e('路口缺斑马线减速带', '{where}门口是学生上学的必经之路，车速很快，却没有斑马线和减速带。'),
      e('护栏被撞坏', '{community}{road}转弯处的护栏被撞坏了，交通标志也歪倒了，一直没人修复。'),
    ],
  },
  {
    kind: '学位入学',
    entries: [
      e('划片学校学位已满', '{where}的孩子今年该上小学了，但划片的学校说学位已满，被安排到离家很远的学校，希望教委解释划片依据。'),
      e('公办幼儿园报名难', '{community}附近只有一所公办幼儿园，报名排不上，想问问今年幼儿园的招生计划。'),
      e('随迁子女转学难', '我们在{town}务工，孩子想转学到{community}附近的初中，跑了几趟都说没有学位。'),
    ],
  },
  {
    kind: '教育收费',
    entries: [
      e('在职老师有偿补课', '{community}附近有在职老师在家里办补课班，每个月收费一千多，不去补课的孩子在班上受冷落。'),
      e('强制征订教辅', '{where}的孩子所在学校强制征订教辅资料，不买的老师就在班上点名。'),
      e('培训机构卷款跑路', '{community}{road}的一家培训机构突然关门，预交的学费退不回来，涉及几十个家庭。'),
    ],
  },
  {
    kind: '文体设施',
    entries: [
      e('健身器材损坏', '{where}广场的健身器材坏了好几件，有的螺丝松动，老人锻炼很容易受伤，希望更换。'),
      e('球场灯光坏了', '{community}的篮球场灯光坏了，体育设施也不够，晚上年轻人没地方打球。'),
      e('希望建图书馆', '希望{town}在{community}附近建个图书馆，多组织一些文化活动。'),
    ],
  },
  {
    kind: '欠薪',
    entries: [
      e('农民工工资被拖欠', '{community}{road}旁边在建工地的老板拖欠二十多个农民工工资已经{months}了，大家年底回不了家。'),
      e('工厂欠薪三个月', '我们在{where}附近一家工厂上班，老板欠薪三个月，工资一分都没发。'),
      e('包工头拖欠工钱', '{where}装修队的包工头拖欠工钱，找他就说上面没结账，已经拖了{months}。'),
    ],
  },
  {
    kind: '社保医保',
    entries: [
      e('医保缴费标准咨询', '{community}的老人反映，今年城乡居民医保缴费又涨了，想问有没有补助，异地报销也太麻烦。'),
      e('养老保险断缴', '我父亲在{town}{community}，养老保险断缴了几年，退休金算下来很少，想问能不能补缴。'),
      e('个体户参保咨询', '{where}有个体户想参保，问社保怎么交、在哪里办。'),
    ],
  },
  {
    kind: '就业创业',
    entries: [
      e('希望组织招聘会', '{community}有不少年轻人失业在家，希望多组织招聘会，提供就业指导。'),
      e('未签劳动合同被辞退', '{where}附近一家公司没签劳动合同就把员工辞退了，也不给补偿。'),
      e('咨询创业扶持', '想在{town}{community}开个小店，想咨询有没有就业创业扶持政策和创业担保贷款。'),
    ],
  },
  {
    kind: '低保救助',
    entries: [
      e('困难户申请低保', '{where}有一户残疾老人生活非常困难，申请低保{days}了还没有结果。'),
      e('高龄补贴未发放', '{community}八十多岁的老人，高龄补贴连续两个月没发了。'),
      e('独居老人求助', '{where}有位独居老人想住养老院，家里又拿不出钱，希望能申请临时救助。'),
    ],
  },
  {
    kind: '食品安全',
    entries: [
      e('超市售卖过期食品', '{where}附近的超市在卖过期食品，买的牛奶回家一看过期半个月了。'),
      e('疑似食物中毒', '{community}{road}一家快餐店后厨卫生很差，昨天吃完好几个人拉肚子，怀疑食物中毒。'),
      e('校门口三无食品', '{where}学校门口的小摊卖三无食品，有的零食已经变质了。'),
    ],
  },
  {
    kind: '消费纠纷',
    entries: [
      e('商家跑路预付卡难退', '{community}{road}的一家美容店突然关门，办的预付卡还有几千块没用，商家联系不上，要求退款。'),
      e('菜市场缺斤少两', '{where}附近菜市场有摊主缺斤少两，称的两斤实际只有一斤六两。'),
      e('商家虚假宣传', '{community}附近的家电店虚假宣传，标的价格跟结账时不一样。'),
    ],
  },
  {
    kind: '景区服务',
    entries: [
      e('秀湖公园设施不足', '{town}{community}的居民反映，秀湖公园周末人太多，厕所不够，排队要二十分钟。'),
      e('景区门票问题', '{community}附近的景区说好免门票，现在又要买票进，游客意见很大。'),
      e('乡村旅游点服务差', '{town}{community}的乡村旅游景区指示牌缺失，农家乐乱要价，外地游客投诉不少。'),
    ],
  },
  {
    kind: '医疗服务',
    entries: [
      e('医院挂号排队长', '{community}的老人去区人民医院看病，挂号排了两个小时，希望增加窗口或推广预约。'),
      e('无证诊所输液', '{where}附近的小诊所没有医疗资质还给人输液，出了事谁负责？'),
      e('医生态度差', '{community}的居民反映，附近医院的医生态度差，护士打针也不耐烦。'),
    ],
  },
  {
    kind: '疫苗防疫',
    entries: [
      e('蚊虫多需消杀', '{where}草丛里蚊虫特别多，晚上被咬得满身包，希望安排消杀。'),
      e('疫苗约不上', '{community}的孩子要打疫苗，接种点说缺货，约了{days}都约不上。'),
      e('担心传染病', '{community}一个班上有几个孩子得了手足口，家长担心传染，希望防疫部门来看看。'),
    ],
  },
  {
    kind: '生育服务',
    entries: [
      e('独生子女奖励未发', '{community}的独生子女父母奖励金今年还没发放。'),
      e('三孩生育补贴咨询', '{where}有家庭刚生了三孩，想问生育补贴怎么申请，出生证明去哪里办。'),
      e('希望就近产检', '{town}{community}的孕妇产检要跑到城里，希望在家门口就能提供基础的生育服务。'),
    ],
  },
  {
    kind: '治安隐患',
    entries: [
      e('电瓶车频繁被盗', '{where}最近连续发生好几起电瓶车盗窃，监控也坏了，希望加强治安巡逻。'),
      e('茶馆聚众赌博', '{community}{road}一家茶馆里有人聚众赌博，进出人员可疑。'),
      e('有人打架斗殴', '{where}刚才有人打架斗殴，还动了刀，请派人来！', 'emergency'),
      e('可疑人员上门诈骗老人', '{community}最近有可疑人员上门推销保健品，诈骗老人钱财。'),
    ],
  },
  {
    kind: '安全隐患',
    entries: [
      e('山坡有滑坡风险', '{where}后面的山坡土石松动，下雨后有滑坡的危险，坡下住着好几户人。', 'emergency'),
      e('楼道飞线充电', '{where}{bld}楼道里堆满杂物和电瓶车，还有人飞线充电，存在很大的安全隐患，万一发生火灾后果不堪设想。'),
      e('危房仍有人居住', '{where}有一栋老房子歪斜开裂，已经是危房，随时可能坍塌，还有老人住在里面。', 'emergency'),
    ],
  },
  {
    kind: '其他事项',
    entries: [
      e('门牌缺失', '{where}很多门牌号缺失，外卖快递经常送错，希望统一补装门牌。'),
      e('流浪狗追人', '{community}有很多流浪狗，晚上成群结队追着人叫，孩子都不敢出门。'),
      e('建议增设便民点', '建议在{town}{community}设一个便民服务点，方便老年人办理各类证件。'),
    ],
  },
]

/** The kinds the demo templates cover. */
export const DEMO_KINDS: readonly string[] = TEMPLATES.map((t) => t.kind)

// ---------------------------------------------------------------- places and slots

const URBAN_ROADS = ['东林大道', '双星大道', '黛山大道', '璧泉路', '金剑路', '南河路', '文星路', '永嘉大道',
  '剑山路', '东关路', '北街', '西街', '大成路', '新堰路', '奥康大道']
const LANDMARKS = ['璧山高铁站', '璧山客运中心', '万达广场', '区政务服务中心']
const CITY_TOWNS = new Set(['500120001', '500120002'])

/** Roads of a town: the urban core's main roads, or plausible names after the town. */
export function roadsOf(townCode: string): readonly string[] {
  if (CITY_TOWNS.has(townCode)) return URBAN_ROADS
  const short = TOWN_BY_CODE.get(townCode)?.short ?? '璧山'
  return [`${short}大道`, `${short}正街`, `${short}老街`, `${short}新街`, '璧青路', '璧铜路']
}

const DAYS = ['两天', '三天', '四五天', '一个星期', '好几天', '十来天', '半个多月']
const NIGHTS = ['昨晚十一点多', '每天晚上十点以后', '凌晨一两点', '昨天半夜', '连续几个晚上']
const MONTHS = ['两个月', '三个多月', '半年', '大半年']
const CN_DIGITS = ['两', '三', '四', '五', '六', '七', '八']

function placeSlots(rng: Rng, group: Group): Record<string, string> {
  const town = TOWN_BY_CODE.get(group.townCode)
  const community = COMMUNITY_BY_CODE.get(group.communityCode)
  const townName = town?.name ?? '璧山区'
  const communityName = community?.name ?? ''
  const urban = community ? isUrban(community) : false
  const estates = estateNames(group.communityCode)
  // prefer the estate the group is named after (…·金科世界城业主群)
  const estate = estates.find((e) => group.name.includes(e)) ?? (estates.length ? pick(rng, estates) : '')
  const spot = urban ? estate : (chance(rng, 0.5) ? `${randInt(rng, 1, 12)}组` : estate)
  const roads = roadsOf(group.townCode)
  const road = pick(rng, roads)
  return {
    town: townName,
    community: communityName || townName,
    where: `${townName}${communityName}${spot}`,
    bld: urban ? `${randInt(rng, 1, 30)}栋` : `${randInt(rng, 1, 60)}号`,
    unit: `${randInt(rng, 1, 4)}单元`,
    road,
    road2: pick(rng, roads.filter((r) => r !== road)),
    landmark: pick(rng, LANDMARKS),
  }
}

function timeSlots(rng: Rng): Record<string, string> {
  return {
    days: pick(rng, DAYS),
    night: pick(rng, NIGHTS),
    hours: pick(rng, CN_DIGITS),
    months: pick(rng, MONTHS),
    price: String(randInt(rng, 3, 8) * 10),
    floor: String(randInt(rng, 12, 32)),
  }
}

const fill = (text: string, slots: Record<string, string>): string =>
  text.replace(/\{(\w+)\}/g, (_m, key: string) => slots[key] ?? '')

// ---------------------------------------------------------------- personal data (to show masking)

const MOBILE_PREFIXES = ['133', '135', '136', '138', '139', '150', '152', '158', '177', '180', '187', '189', '199']
const SURNAMES = ['王', '李', '张', '刘', '陈', '杨', '黄', '赵', '周', '吴', '徐', '孙', '胡', '朱', '高', '罗', '郑', '谢']
const PLATE_LETTERS = 'ABCDFGH'
const PLATE_CHARS = 'ABCDEFGHJKLMNPQRSTUVWXYZ'

const digits = (rng: Rng, n: number): string => Array.from({ length: n }, () => String(randInt(rng, 0, 9))).join('')

export function fakeMobile(rng: Rng): string {
  return pick(rng, MOBILE_PREFIXES) + digits(rng, 8)
}

/** A Chongqing plate: 渝A12345, 渝A3K512, or a new-energy 渝BD12345. */
export function fakePlate(rng: Rng): string {
  const letter = pick(rng, [...PLATE_LETTERS])
  if (chance(rng, 0.3)) return `渝${letter}${pick(rng, ['D', 'F'])}${digits(rng, 5)}`
  const body = [...digits(rng, 5)]
  if (chance(rng, 0.4)) body[randInt(rng, 1, 3)] = pick(rng, [...PLATE_CHARS])
  return `渝${letter}${body.join('')}`
}

interface Extra { text: string; contact?: string }

/** ~1 in 5 texts carries a phone number or a plate. */
function personalExtra(rng: Rng, t: KindTemplates): Extra | undefined {
  if (!chance(rng, 0.2)) return undefined
  if (t.plate && chance(rng, 0.7)) return { text: `车牌号${fakePlate(rng)}。` }
  const name = `${pick(rng, SURNAMES)}${pick(rng, ['先生', '女士', '师傅', '阿姨'])}`
  const phone = fakeMobile(rng)
  return { text: `联系人${name}，电话${phone}。`, contact: `${name} ${phone}` }
}

// ---------------------------------------------------------------- reports

const LEADS = ['', '', '群众反映：', '网长转群众诉求：', '【群众诉求】']
const TAILS = ['', '希望有关部门尽快处理。', '麻烦网长帮忙反映一下，谢谢！', '群里说了好多次了，希望尽快解决。', '请尽快派人来看看。']

/** How the 网长 introduces the message; villagers are 村民, estate residents 业主/居民. */
function lead(rng: Rng, urban: boolean): string {
  if (chance(rng, 0.6)) return pick(rng, LEADS)
  return urban ? pick(rng, ['业主在群里@网长：', '居民在群里反映，']) : pick(rng, ['村民在群里反映，', '村民@网长：'])
}

/** How often residents raise each kind, relative to 1 (12345 hotlines hear most about these). */
const FREQUENCY: Readonly<Record<string, number>> = {
  垃圾清运: 3, 乱停车: 3, 噪音扰民: 3, 物业纠纷: 3, 道路破损: 2, 水电气中断: 2, 路灯故障: 2, 占道经营: 2,
  油烟扰民: 2, 欠薪: 2, 电梯故障: 2, 下水道堵塞: 2, 学位入学: 2,
}
const RURAL_TEMPLATES = TEMPLATES.filter((t) => !t.urbanOnly)
const frequency = (t: KindTemplates): number => FREQUENCY[t.kind] ?? 1

function pickTemplate(rng: Rng, urban: boolean): KindTemplates {
  return pickWeighted(rng, urban ? TEMPLATES : RURAL_TEMPLATES, frequency)
}

function makeTitle(rng: Rng, title: string, community: string): string {
  const withPlace = `${community}${title}`
  return (chance(rng, 0.6) && withPlace.length <= 20 ? withPlace : title).slice(0, 20)
}

/** A resident's report from a group, as its 网长 forwards it. */
export function makeDemoReport(rng: Rng, group: Group): DemoReport {
  const community = COMMUNITY_BY_CODE.get(group.communityCode)
  const urban = community ? isUrban(community) : false
  const t = pickTemplate(rng, urban)
  const entry = pick(rng, t.entries)
  const slots = { ...placeSlots(rng, group), ...timeSlots(rng) }
  const extra = personalExtra(rng, t)
  const content = `${lead(rng, urban)}${fill(entry.text, slots)}${extra?.text ?? ''}${pick(rng, TAILS)}`
  const report: DemoReport = { kind: t.kind, title: makeTitle(rng, entry.title, community?.name ?? ''), content }
  if (extra?.contact) report.contact = extra.contact
  if (entry.hint) report.priorityHint = entry.hint
  return report
}

// ---------------------------------------------------------------- replies and returns

const REPLIES: Readonly<Record<string, readonly string[]>> = {
  垃圾清运: ['已安排环卫公司于今日下午清运完毕，并加密清运频次至每日两次。', '经核实，该点位垃圾桶容量不足，已增设4个垃圾桶，建渣已全部清运。'],
  行道树修剪: ['已安排园林养护单位于本周内完成修剪，倒伏树木已清理，并对周边树木进行了排查。', '经现场查看，已对遮挡住户采光的枝条进行修剪，后续纳入常态化养护。'],
  违章搭建: ['经现场核查，该构筑物属违法建设，已下达限期拆除通知书，当事人承诺7日内自行拆除。', '已联合街道对违建进行拆除，现场已恢复原状。'],
  占道经营: ['已安排城管队员加强该路段巡查，劝离流动摊贩，并在附近规划了临时疏导点。', '已约谈涉事商户，责令其退店经营，后续将持续巡查。'],
  道路破损: ['已安排养护单位对破损路面进行修补，井盖已更换加固，现已恢复通行。', '塌陷路段已设置围挡警示，管线排查完成后将于3日内修复。'],
  路灯故障: ['经检修，系线路老化导致，已更换电缆和灯具，路灯已恢复照明。', '已安排路灯所连夜抢修，目前该路段路灯全部正常。'],
  电梯故障: ['接报后救援人员已到场，被困人员已安全解救；已责令维保单位全面检修，检验合格后恢复运行。', '已约谈物业和维保单位，更换主板和门机，电梯已恢复运行，并加强月度维保检查。'],
  物业纠纷: ['已约谈物业公司，责令其整改服务问题；物业费调整须经业主大会表决，未经表决不得上调。', '已指导社区协助业主筹备成立业委会，物业公司已承诺配合。'],
  房屋质量: ['已组织建设单位、施工单位现场查勘，确认为防水层破损，已安排在保修期内维修。', '已委托第三方检测机构鉴定，结果出来后督促责任单位整改，并向住户反馈。'],
  水电气中断: ['系主管道抢修导致，已于当日18时恢复供应，今后停水停电将提前24小时公告。', '燃气公司已到场处置，确认为接口松动，已完成维修并对整栋楼进行了安全检测。'],
  下水道堵塞: ['已安排疏通车对管道进行疏通清掏，污水已清理，并对周边路面进行了消毒。', '管网改造已纳入今年老旧小区改造计划，近期先行加装止回阀防止倒灌。'],
  噪音扰民: ['经查，该工地未办理夜间施工许可，已责令停止夜间作业并立案调查。', '已与广场舞队伍沟通，约定音量和时间，晚上9点前结束，社区将持续跟进。'],
  油烟扰民: ['已责令该餐馆限期安装油烟净化设施并规范排放，逾期未整改将依法处罚。', '经现场检测，烧烤店油烟排放超标，已要求其改为室内经营并加装净化设备。'],
  污水排放: ['经现场采样检测，已查实偷排企业，责令停产整改并立案处罚，河道已组织清淤。', '已责令洗车场接入市政污水管网，整改前暂停营业。'],
  大气污染: ['已责令工地落实洒水、覆盖等扬尘防治措施，并纳入重点巡查名单。', '已安排执法人员夜间突击检查，涉事工厂废气处理设施已整改到位。'],
  乱停车: ['已安排交巡警加强该路段巡逻，对违停车辆依法处理，并联系车主挪车。', '已在消防通道处施划禁停标线、设置隔离桩，后续将持续开展整治。'],
  出租车乱收费: ['经调取行车记录，已查实该驾驶员不打表议价，已依法处罚并责令退还多收车费。', '已约谈出租车公司，在高铁站增设打表提示牌，并安排执法人员定点巡查。'],
  公交线路: ['已协调公交公司将该线路末班车延长至21:30，并在高峰时段加密班次。', '公交站台已完成选址，将于本月底前重新建成投用。'],
  交通设施: ['信号灯已于当日修复，并对该路口配时进行了优化。', '已在学校路口施划斑马线、增设减速带和警示标志。'],
  学位入学: ['已向家长说明今年划片依据，并协调就近学校调剂学位，孩子已安排入学。', '今年公办幼儿园新增学位300个，报名时间和方式已在区教委公众号公布。'],
  教育收费: ['已对涉事教师进行调查，查实后将严肃处理，并在全区开展有偿补课专项整治。', '学校已停止征订教辅资料，多收费用已全部退还。'],
  文体设施: ['已安排对损坏健身器材进行更换，并张贴安全使用提示。', '球场照明已修复，建设社区图书室的建议已纳入明年民生实事项目。'],
  欠薪: ['经协调，施工单位已于本周足额支付拖欠工资共计38.6万元，涉及农民工26人。', '已对用人单位下达劳动保障监察责令改正决定书，工资已发放到位。'],
  社保医保: ['已安排工作人员电话解答缴费标准和补助政策，异地就医备案可通过线上办理。', '经核实，可按规定办理养老保险补缴，已告知所需材料和办理地点。'],
  就业创业: ['本月将在社区举办专场招聘会，并提供免费技能培训报名。', '已指导当事人申请劳动仲裁，用人单位已同意补签合同并支付经济补偿。'],
  低保救助: ['经入户核查，该户符合低保条件，已于本月纳入保障并发放临时救助金。', '高龄补贴延迟系系统升级所致，已于本周补发到位。'],
  食品安全: ['已对涉事超市下架过期食品并立案调查，同时开展周边食品安全专项检查。', '已对该餐饮店责令停业整改，样品已送检，疑似食物中毒人员均已康复。'],
  消费纠纷: ['经调解，商家已同意退还预付卡余额，已联系消费者办理退款。', '已对涉事商户进行执法检查，没收不合格计量器具并依法处罚。'],
  景区服务: ['已在秀湖公园增设移动厕所6座，周末高峰时段安排专人引导。', '已约谈景区经营方，门票政策已恢复并在入口公示。'],
  医疗服务: ['已协调医院增开挂号窗口，并推广微信预约挂号和分时段就诊。', '经查，该诊所无证行医，已依法取缔并立案处罚。'],
  疫苗防疫: ['已安排专业队伍对小区进行了消杀，并指导物业清理积水容器。', '疫苗已补货到位，已通知预约家长按时接种。'],
  生育服务: ['独生子女父母奖励金已完成审核，将于本月底前发放到位。', '已告知生育补贴申请流程，可在渝快办线上申请。'],
  治安隐患: ['已加强该区域巡逻防控，修复监控探头，并抓获盗窃嫌疑人1名。', '已对该场所开展突击检查，依法查处赌博人员5名。'],
  安全隐患: ['已组织应急人员现场排险，受威胁住户已临时转移安置，并设置警示标志。', '已责令清理楼道杂物、拆除飞线，并在小区增设集中充电桩。'],
  其他事项: ['已安排社区工作人员现场核实，门牌补装工作将于两周内完成。', '已由属地镇街牵头处理，处理结果已电话告知群众。'],
}
const GENERIC_REPLIES = ['已安排工作人员现场核实处理，处理结果已向群众反馈。', '经调查核实，问题已整改完毕，感谢群众监督。']

/** A department's answer for a case of this kind. */
export function makeDemoReply(rng: Rng, kindName: string): string {
  return pick(rng, REPLIES[kindName] ?? GENERIC_REPLIES)
}

const RETURN_REASONS = [
  '经核实，该事项不属于我单位职责范围，建议改派属地镇街处理。',
  '该路段属于交通局养护范围，非城管管辖，请改派。',
  '反映地点不在我辖区内，请核实地址后改派。',
  '该问题涉及物业合同纠纷，属住建部门监管，建议改派区住房城乡建委。',
  '该设施产权属于供电公司，请改派国网璧山供电公司。',
  '诉求内容不清，无法定位具体地点，请网长补充信息后重新派单。',
  '该事项已由其他部门立案处理中，建议并单。',
  '经查属于劳动合同纠纷，应通过劳动仲裁解决，请改派区人力社保局。',
]

/** A department's reason for refusing a routing (退单). */
export function makeReturnReason(rng: Rng): string {
  return pick(rng, RETURN_REASONS)
}
