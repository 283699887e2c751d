/*
 * demo_history_text.c - what the demo history's requests say: per
 * sub-category of the seed catalogue, how often it comes up, where it can
 * happen (apartment blocks, villages), which channels raise it, several
 * title and description templates with slots for the place and the
 * details, the results its handlers report, and the departments that
 * co-handle it at the street; the reasons, notes and rating comments of
 * the moves; and the slot filler. See demo_history_int.h.
 */
#include "demo/demo_history_int.h"

#include <stdio.h>
#include <string.h>

#define LEN(a) (sizeof(a) / sizeof((a)[0]))

/* Channel weight factors, index = reqsvc_channel (none, self, proxy,
 * hotline, visit, inspection, open311). */
static const uint8_t HOME[DH_CHANNELS + 1] = {0, 10, 10, 8, 6, 0, 0};
static const uint8_t PUBLIC[DH_CHANNELS + 1] = {0, 10, 8, 10, 4, 12, 0};
static const uint8_t HAZARD[DH_CHANNELS + 1] = {0, 10, 8, 12, 4, 14, 0};
static const uint8_t SERVICE[DH_CHANNELS + 1] = {0, 10, 10, 8, 20, 0, 0};
static const uint8_t DISPUTE[DH_CHANNELS + 1] = {0, 10, 10, 10, 14, 0, 0};
static const uint8_t ORDER[DH_CHANNELS + 1] = {0, 10, 8, 12, 6, 8, 0};

/* Departments of the demo street, by the end of their names. */
#define CHENGGUAN "城管执法中队"
#define SHICHANG "市场监管所"
#define ZHUJIAN "住建站"
#define PAICHUSUO "派出所"
#define SIFA "司法所"
#define YINGJI "应急管理办"
#define WEIJIAN "卫生健康办"
#define ZIRAN "自然资源所"

/* ---- templates, by sub-category ------------------------------------------ */

static const dh_template t_neighbour_dispute[] = {
	{DH_APT, "楼上住户装修噪音大，协商无果",
	 "{b}{u}{up}住户装修{d}，每天早上七点不到就开始打电钻，周末也不停。上门沟通过两次，"
	 "对方态度不好，希望社区出面协调。"},
	{DH_APT, "邻居在楼道堆放杂物引发争吵",
	 "{b}{u}{f}对门邻居长期在楼道堆放纸箱和旧家具，挡住通道，说了几次不听，昨天还吵了起来，"
	 "请帮忙调解。"},
	{DH_VIL, "{b}两户因屋前排水沟发生纠纷",
	 "{b}两户村民因屋前排水沟改道的事争执了{d}，一方把水沟堵了，下雨天水漫进另一户院子，"
	 "双方情绪激动，请村里尽快调解。"},
	{DH_ANY, "邻里因停车位发生口角",
	 "{e}两户邻居因门口停车的事多次发生口角，昨晚差点动手，担心矛盾激化，请网格员来调解一下。"},
};

static const dh_template t_family[] = {
	{DH_ANY, "老人赡养问题兄弟分歧大",
	 "家住{a}，家中八十多岁的母亲由谁赡养，兄弟三人意见不一，已经吵了{d}，老人没人照顾，"
	 "希望社区帮忙调解。"},
	{DH_ANY, "夫妻长期争吵影响孩子",
	 "{e}有一户夫妻因家庭琐事长期争吵，{t}经常大声吵闹，孩子哭得很厉害，邻居都很担心，"
	 "请社区和妇联上门了解情况。"},
	{DH_ANY, "离婚后探视孩子问题协商不成",
	 "本人与前夫离婚后，对方一直不让我按约定探视孩子，多次沟通无果，请社区帮忙调解。"},
};

static const dh_template t_property_dispute[] = {
	{DH_APT, "{e}物业费上涨业主不认可",
	 "{e}物业通知下季度起物业费每平方米上涨三毛钱，但小区卫生和安保都没有改善，很多业主不认可，"
	 "希望社区组织业主和物业协商。"},
	{DH_APT, "{b}地下室积水物业长期不处理",
	 "{b}地下室积水{d}，向物业反映多次一直没人处理，蚊虫多、有异味，业主和物业闹得很僵，"
	 "请社区协调。"},
	{DH_APT, "{e}公共车位被物业私自出租",
	 "{e}地下车库部分公共车位被物业私自出租给外来车辆，业主停车困难，交涉无果，请帮忙协调。"},
};

static const dh_template t_labour[] = {
	{DH_ANY, "装修工地拖欠工资{n}个月",
	 "本人在{x}附近一个装修工地做工，老板拖欠工资{n}个月，一共一万多元，多次讨要没有结果，"
	 "请帮忙协调。"},
	{DH_ANY, "饭店辞退员工不结工资",
	 "在{x}一家饭店做服务员，离职时老板找各种理由扣着最后一个月的工资不发，请帮忙维权。"},
	{DH_ANY, "快递站拖欠临时工工资",
	 "{n}名临时分拣工在快递站干了一个多月，工资一直拖着不发，老板电话也不接，"
	 "请街道劳动保障所协调。"},
};

static const dh_template t_homestead[] = {
	{DH_VIL, "{b}宅基地界址争议",
	 "{b}两户村民因建房的宅基地界址发生争议，一方新砌的围墙占了另一方约半米，双方互不相让，"
	 "请村里和街道协调处理。"},
	{DH_VIL, "父母老屋继承兄弟有争议",
	 "{b}一处老屋在父母去世后由谁继承，兄弟姐妹之间有争议，已经闹了{d}，请帮忙调解。"},
	{DH_ANY, "退租时房东不退押金",
	 "租住在{a}，退租时房东以墙面有污渍为由拒退两千元押金，协商不成，请帮忙调解。"},
};

static const dh_template t_land[] = {
	{DH_VIL, "{b}与邻组山林界址纠纷",
	 "{v}{b}与邻组因一片山林的界址发生纠纷，双方都说是自家的，请求村里和自然资源所现场勘界调处。"},
	{DH_VIL, "承包地被邻居占用种菜",
	 "{b}村民反映自家承包的责任田被邻居占用种菜，沟通多次无果，请村里协调。"},
	{DH_VIL, "土地流转租金被拖欠{n}个月",
	 "{b}农户反映，流转给合作社的土地租金已经拖欠{n}个月，合作社负责人联系不上，请帮忙协调。"},
};

static const dh_template t_other_dispute[] = {
	{DH_ANY, "商户占道经营与居民起纠纷",
	 "{x}一家水果店长期占用人行道摆摊，居民出行不便，说了几句就吵起来，请协调处理。"},
	{DH_ANY, "被狗咬伤后赔偿协商不成",
	 "上周在{p}被邻居家的狗咬伤，打疫苗花了一千多元，对方不愿意承担费用，请帮忙调解。"},
	{DH_ANY, "熟人借款到期不还",
	 "{e}居民反映，熟人借了两万元到期不还，多次催要无果，希望人民调解员帮忙调解。"},
};

static const dh_template t_gas[] = {
	{DH_APT, "{b}{u}楼道有很浓的燃气味",
	 "{b}{u}{f}楼道里闻到很浓的燃气味，前几天就有一点，今天特别明显，担心有泄漏，请尽快派人检查！"},
	{DH_ANY, "厨房附近闻到很浓的燃气味",
	 "家住{a}，厨房附近闻到很浓的燃气味，已经关了总阀、开了窗，家里有老人小孩，"
	 "请尽快派燃气公司的人来看看。"},
	{DH_VIL, "液化气罐疑似漏气",
	 "{b}一户村民家的液化气罐阀门附近有嘶嘶声，闻到气味，人已经撤到屋外，请尽快处理。"},
	{DH_APT, "施工挖破燃气管道",
	 "{e}{p}附近施工时挖破了燃气管道，现场燃气味很大，请马上派人处置！"},
};

static const dh_template t_fire[] = {
	{DH_APT, "{b}{u}楼道杂物堵塞消防通道",
	 "{b}{u}楼道各层堆满了纸箱和旧家具，消防通道被堵，一旦起火后果不堪设想，请尽快清理。"},
	{DH_APT, "{b}{u}消火栓没有水",
	 "{b}{u}{f}消火栓箱打开后发现没有水带，试了一下也没有水，请物业和消防部门检查。"},
	{DH_ANY, "{p}私拉电线存在火灾隐患",
	 "{e}{p}有人从窗户私拉电线给摊位供电，电线裸露，下雨天很危险，请处理。"},
	{DH_VIL, "村民焚烧秸秆离房屋太近",
	 "{b}有村民在屋后焚烧秸秆和垃圾，离房子只有几米，风大的时候火星乱飞，请村里制止。"},
};

static const dh_template t_public_order[] = {
	{DH_ANY, "夜间有人在{p}聚集喝酒滋事",
	 "{e}{p}{t}经常有几个人聚集喝酒、大声喧哗，还砸过酒瓶，居民很害怕，请派出所加强巡逻。"},
	{DH_APT, "{b}楼下车棚电动车电瓶被盗",
	 "{b}楼下车棚最近{d}接连有电动车电瓶被盗，已经有{n}户被偷，希望加强巡查并调取监控。"},
	{DH_ANY, "陌生人挨家挨户推销保健品",
	 "{e}最近有陌生人挨家挨户敲门推销保健品，专找老人，怀疑是诈骗，请社区和派出所关注。"},
};

static const dh_template t_dangerous_house[] = {
	{DH_VIL, "{b}老土坯房墙体开裂",
	 "{b}有一栋无人居住的老土坯房，外墙裂缝越来越大，旁边就是村道，小孩经常在那里玩，"
	 "担心倒塌伤人。"},
	{DH_APT, "{b}外墙瓷砖脱落",
	 "{b}外墙瓷砖{d}前开始脱落，昨天又掉了几块，砸在楼下人行道上，非常危险，请尽快处理。"},
	{DH_ANY, "{p}围墙倾斜有倒塌危险",
	 "{e}{p}的围墙明显向外倾斜，墙根有裂缝，连续下雨后更严重，请派人鉴定处理。"},
};

static const dh_template t_ebike[] = {
	{DH_APT, "有人把电动车推进电梯上楼充电",
	 "{b}有住户每天把电动车推进电梯带回家充电，多次劝说不听，电梯里都贴了禁止标识，请处理。"},
	{DH_APT, "{b}{u}楼道飞线充电",
	 "{b}{u}{f}有住户从家里拉电线到楼道给电动车充电，一充就是一整夜，火灾隐患很大。"},
	{DH_ANY, "充电桩不够居民私拉电线",
	 "{e}充电桩太少，很多人从窗户拉线到楼下给电动车充电，希望增设充电桩并整治飞线。"},
};

static const dh_template t_assistance[] = {
	{DH_ANY, "咨询低保申请条件",
	 "家住{a}，丈夫去年因病去世，本人没有固定工作，两个孩子还在上学，想咨询能不能申请低保，"
	 "需要准备哪些材料。"},
	{DH_ANY, "独居老人生活困难求助",
	 "{e}有一位独居老人，身体不好，子女都在外地，最近生活比较困难，希望社区了解一下能否给予临时救助。"},
	{DH_ANY, "因病致贫申请临时救助",
	 "家里老人今年做了两次手术，医疗费花了十多万，报销后负担还是很重，想申请临时救助。"},
};

static const dh_template t_elderly[] = {
	{DH_ANY, "申请居家养老上门服务",
	 "家中老人八十五岁，行动不便，子女白天上班，想申请社区的居家养老上门服务，请告知办理流程。"},
	{DH_ANY, "老年食堂用餐登记",
	 "听说{v}开了老年食堂，想给家里老人登记用餐，请问怎么办理？"},
	{DH_ANY, "高龄补贴{n}个月未到账",
	 "家里老人满八十岁已经{n}个月了，高龄补贴一直没有到账，请帮忙查一下。"},
};

static const dh_template t_employment[] = {
	{DH_ANY, "失业人员求职登记",
	 "本人四十五岁，原单位倒闭后一直没找到工作，想在社区做失业登记，希望推荐合适的岗位或技能培训。"},
	{DH_ANY, "咨询灵活就业社保补贴",
	 "本人在{x}摆摊做小生意，想咨询灵活就业人员的社保补贴怎么申请。"},
	{DH_ANY, "残疾人就业帮扶",
	 "家里孩子有轻度残疾，毕业两年了还没有工作，希望社区帮忙联系适合的岗位。"},
};

static const dh_template t_certificate[] = {
	{DH_ANY, "办理居住证明需要哪些材料",
	 "孩子上学需要开具居住证明，请问要带哪些材料到社区办理？"},
	{DH_ANY, "老人卧床申请上门办理认证",
	 "家中老人长期卧床，需要办理养老金资格认证，行动不便，能否安排工作人员上门办理？"},
	{DH_ANY, "开具家庭经济困难证明",
	 "孩子申请大学助学金需要家庭经济困难证明，请问社区怎么开具。"},
};

static const dh_template t_garbage[] = {
	{DH_APT, "{e}垃圾桶满了没人清运",
	 "{e}{p}的垃圾桶已经满了{d}，垃圾堆在地上，天热发臭，苍蝇很多，请尽快清运。"},
	{DH_VIL, "{b}路边垃圾堆积",
	 "{b}村道边堆了一大堆生活垃圾，好几天没人拉走，野狗翻得到处都是，请尽快清理。"},
	{DH_ANY, "{p}有人偷倒建筑垃圾",
	 "有人晚上在{p}偷倒装修垃圾，已经堆成小山，影响通行，请查处并清运。"},
};

static const dh_template t_sewage[] = {
	{DH_APT, "{e}化粪池污水外溢",
	 "{e}{p}化粪池满溢，污水流到路面上，臭味很大，请尽快处理。"},
	{DH_ANY, "餐馆油污直排雨水井",
	 "{x}有餐馆把洗碗的油污水直接倒进路边雨水井，下水道经常堵，气味难闻。"},
	{DH_VIL, "养殖场污水排入池塘",
	 "{b}附近一家养殖场的污水直接排进村里的池塘，水都发黑了，请环保部门查处。"},
};

static const dh_template t_noise[] = {
	{DH_APT, "广场舞音响声音太大",
	 "{e}{p}每天晚上跳广场舞的音响开得很大，一直跳到十点多，家里有高三学生没法学习，"
	 "请协调降低音量。"},
	{DH_ANY, "夜间施工噪音扰民",
	 "{x}附近的工地{t}还在施工，机器轰鸣，严重影响休息，请查处夜间违规施工。"},
	{DH_APT, "楼下商铺音响噪音",
	 "{b}楼下新开的商铺每天用大音响放促销广告，从早到晚不停，请管一管。"},
	{DH_APT, "{b}{u}楼上{t}有噪音",
	 "{b}{u}{up}住户{t}经常有拖拽家具、跺脚的声音，沟通过也没有改善，影响休息。"},
};

static const dh_template t_livestock[] = {
	{DH_VIL, "{b}有人在房前屋后养猪",
	 "{b}有村民在房前屋后散养了十几头猪，气味很大，污水横流，请村里处理。"},
	{DH_VIL, "禁养区内违规养鸭",
	 "{b}附近池塘有人养了几百只鸭子，塘水发臭，这里属于禁养区，请查处。"},
	{DH_APT, "小区绿化带里养鸡",
	 "{e}有住户在楼下绿化带围了一块地养鸡，每天一大早鸡叫，还有异味。"},
};

static const dh_template t_elevator[] = {
	{DH_APT, "{b}{u}电梯故障困人",
	 "{b}{u}电梯运行中突然停住，里面困了一位老人，物业电话打不通，请紧急处理！"},
	{DH_APT, "{b}{u}电梯停运{d}",
	 "{b}{u}电梯坏了{d}还没修好，楼里很多老人上下楼困难，物业说在等配件，请督促尽快修复。"},
	{DH_APT, "{b}{u}电梯运行有异响",
	 "{b}{u}电梯运行时有很大的异响，还会突然抖动，大家都不敢坐，请安排检修。"},
};

static const dh_template t_corridor_light[] = {
	{DH_APT, "{b}{u}{f}楼道灯不亮",
	 "{b}{u}{f}楼道灯坏了{d}，晚上老人上下楼很危险，麻烦尽快派人修一下。"},
	{DH_APT, "{b}{u}楼道声控灯失灵",
	 "{b}{u}从一楼到{f}的声控灯都不亮了，晚上黑漆漆的，孩子放学回来很害怕。"},
	{DH_APT, "{b}地下室照明灯坏了",
	 "{b}地下室的照明灯坏了好几盏，晚上去推电动车看不清路，请物业更换。"},
};

static const dh_template t_access[] = {
	{DH_APT, "{b}{u}单元门禁坏了",
	 "{b}{u}单元门的门禁坏了{d}，门一直关不上，陌生人随便进出，不安全。"},
	{DH_APT, "新住户门禁卡办不了",
	 "新搬来{b}{u}，到物业办门禁卡说系统坏了办不了，每天进出都要等别人开门。"},
	{DH_APT, "{e}人脸识别门禁识别不了老人",
	 "{e}新装的人脸识别门禁经常识别不了老人，家里老人进不了门，请调整。"},
};

static const dh_template t_outage[] = {
	{DH_APT, "{b}突然停水没有通知",
	 "{b}从{t}开始停水，事先没有任何通知，家里老人小孩没法做饭洗漱，请问什么时候恢复？"},
	{DH_ANY, "{e}大面积停电",
	 "{e}从下午开始停电，已经{n}个小时了，冰箱里的东西都要坏了，请问什么时候来电？"},
	{DH_APT, "{b}高层水压太低",
	 "{b}{f}以上水压太低，热水器打不着火，已经{d}了，请物业检查二次供水设备。"},
	{DH_VIL, "{b}自来水主管爆裂",
	 "{b}村道边的自来水主管爆裂，水喷得很高，整个组都停水了，请尽快抢修。"},
};

static const dh_template t_parking[] = {
	{DH_APT, "车辆堵塞消防通道",
	 "{e}{p}每天晚上都有车停在消防通道上，救护车和消防车都进不来，请处理。"},
	{DH_APT, "车辆长期占用人行道",
	 "{x}人行道上长期停满了车，行人只能走机动车道，很危险，请交警和城管处理。"},
	{DH_VIL, "{b}村道上车辆乱停",
	 "{b}进组的村道上经常有外来车辆乱停，把路堵死了，农用车进出不了，请处理。"},
	{DH_APT, "僵尸车长期占用车位",
	 "{e}{p}有一辆车停了快一年没动过，落满了灰，轮胎都瘪了，占着公共车位，请清理。"},
};

static const dh_template t_road[] = {
	{DH_ANY, "{x}路面出现大坑",
	 "{x}{p}路面有一个大坑，下雨积水看不出来，已经有电动车摔倒了，请尽快修补。"},
	{DH_VIL, "{b}村道塌陷",
	 "{b}进组的村道有一段塌陷了，小车过不去，村民出行很不方便，请尽快修复。"},
	{DH_APT, "{e}小区道路破损积水",
	 "{e}主干道路面破损严重，一下雨就积水，老人走路容易摔倒。"},
};

static const dh_template t_street_light[] = {
	{DH_ANY, "{x}路灯不亮",
	 "{x}{p}一带有{n}盏路灯不亮了，晚上很黑，行人和电动车都看不清路，请维修。"},
	{DH_VIL, "{b}村道路灯坏了",
	 "{b}村道上的太阳能路灯坏了{d}，晚上出门要打手电筒，请修一下。"},
	{DH_APT, "{e}路灯白天亮晚上不亮",
	 "{e}{p}的路灯白天一直亮着，晚上反而不亮，请检查一下控制器。"},
};

static const dh_template t_facility[] = {
	{DH_ANY, "{p}健身器材损坏",
	 "{e}{p}的健身器材有{n}个坏了，螺丝松动，老人小孩用的时候容易受伤，请维修或拆除。"},
	{DH_APT, "小区休闲长椅断裂",
	 "{e}{p}的休闲长椅断了一根木条，有钉子露出来，请尽快维修。"},
	{DH_ANY, "公交站台顶棚破损",
	 "{x}公交站台的顶棚破了，下雨天等车的人没地方躲雨。"},
	{DH_VIL, "村里公共厕所坏了",
	 "{b}旁边的公共厕所水箱坏了，门也关不上，卫生很差，请维修。"},
};

static const dh_template t_manhole[] = {
	{DH_ANY, "{p}井盖缺失",
	 "{e}{p}有一个井盖不见了，只用树枝挡着，晚上很容易掉下去，请马上处理！"},
	{DH_ANY, "{x}井盖破损下沉",
	 "{x}{p}的窨井盖破裂下沉，车辆经过时哐哐响，还有行人绊倒过，请更换。"},
	{DH_APT, "雨水井盖被车压碎",
	 "{e}{p}的雨水井盖被大车压碎了，留下一个大洞，请尽快更换。"},
};

static const dh_template t_falling[] = {
	{DH_APT, "{b}有人高空抛物",
	 "{b}楼上有人往下扔垃圾袋和烟头，昨天差点砸到楼下的小孩，请查一下是哪户并加强宣传。"},
	{DH_APT, "阳台花盆掉落险些伤人",
	 "{b}{u}高层住户阳台上的花盆被风吹落，砸在楼下车棚上，非常危险，请通知住户整改。"},
	{DH_APT, "楼上住户往窗外泼水",
	 "{b}{u}楼上住户经常从窗口往下泼脏水，楼下晾的衣服都被弄脏了，请处理。"},
};

static const dh_template t_leak[] = {
	{DH_APT, "{b}{u}{r}卫生间天花板漏水",
	 "{b}{u}{r}卫生间天花板漏水{d}，应该是楼上{up}防水层坏了，楼上住户联系不上，请帮忙协调。"},
	{DH_APT, "楼上空调水滴到我家窗台",
	 "{b}{u}{up}的空调冷凝水一直滴在我家窗台上，啪啪响，晚上睡不着，沟通过没有改。"},
	{DH_APT, "楼上水管爆裂水漫到我家",
	 "{b}{u}楼上水管爆裂，水顺着墙流进我家客厅，吊顶都泡坏了，请赶紧联系楼上住户关阀门！"},
};

static const dh_template t_pets[] = {
	{DH_APT, "邻居家的狗整天叫",
	 "{b}{u}{up}家养的狗白天主人上班后一直叫，{t}也叫，影响休息，请帮忙沟通。"},
	{DH_ANY, "遛狗不牵绳",
	 "{e}{p}经常有人遛狗不牵绳，大狗追着小孩跑，还随地大小便不清理，请加强管理。"},
	{DH_APT, "楼道里养猫气味大",
	 "{b}{u}{f}有住户在楼道里放猫砂盆，整个楼道都是异味，请协调处理。"},
};

/* ---- the categories ---------------------------------------------------------- */

#define T(a) a, LEN(a)

static const dh_category categories[] = {
	{"dispute.neighbour", 400, DH_ANY, DH_ALL_YEAR, DISPUTE, T(t_neighbour_dispute),
	 {"网格员和邻长上门调解，双方达成谅解，约定施工和作息时间。",
	  "经调解双方握手言和，当事人已清理楼道堆放物。"}, SIFA, NULL},
	{"dispute.family", 150, DH_ANY, DH_ALL_YEAR, DISPUTE, T(t_family),
	 {"社区调解员组织家庭会议，兄弟三人签订赡养协议，按月轮流照顾老人。",
	  "已上门调解，双方同意各退一步，社区持续跟进。"}, SIFA, WEIJIAN},
	{"dispute.property", 300, DH_APT, DH_ALL_YEAR, DISPUTE, T(t_property_dispute),
	 {"社区组织业主代表与物业召开协调会，物业承诺整改并暂缓调价。",
	  "物业已完成整改，业主表示认可。"}, ZHUJIAN, SIFA},
	{"dispute.labour", 120, DH_ANY, DH_ALL_YEAR, DISPUTE, T(t_labour),
	 {"经街道劳动保障所协调，用工方已结清拖欠工资。",
	  "已协调用工方签订还款计划，首期款项已支付。"}, SIFA, SHICHANG},
	{"dispute.homestead", 80, DH_ANY, DH_ALL_YEAR, DISPUTE, T(t_homestead),
	 {"村调委会会同自然资源所现场勘界，双方按原界址达成协议。",
	  "经调解双方签订协议，相关款项已退还。"}, ZIRAN, SIFA},
	{"dispute.land", 50, DH_VIL, DH_ALL_YEAR, DISPUTE, T(t_land),
	 {"村里组织双方现场勘界，依据确权资料明确界址，双方签字确认。",
	  "合作社已补交拖欠的租金，农户表示满意。"}, ZIRAN, SIFA},
	{"dispute.other", 100, DH_ANY, DH_ALL_YEAR, DISPUTE, T(t_other_dispute),
	 {"人民调解员组织双方调解，达成赔偿协议并当场履行。",
	  "已协调双方达成一致，纠纷化解。"}, SIFA, PAICHUSUO},
	{"safety.gas", 120, DH_ANY, DH_WINTER, HAZARD, T(t_gas),
	 {"燃气公司抢修人员到场检测，更换了老化的接头，复检无泄漏。",
	  "已联系燃气公司关阀抢修，管道修复后恢复供气。"}, YINGJI, SHICHANG},
	{"safety.fire", 200, DH_ANY, DH_WINTER, HAZARD, T(t_fire),
	 {"已督促物业清理楼道杂物，消防通道恢复畅通。",
	  "已联系相关部门现场整治，火灾隐患已消除。"}, YINGJI, CHENGGUAN},
	{"safety.public_order", 150, DH_ANY, DH_ALL_YEAR, ORDER, T(t_public_order),
	 {"已通报派出所加强夜间巡逻，并在该处加装了监控。",
	  "社区民警已上门宣传防骗知识，相关人员已劝离。"}, PAICHUSUO, NULL},
	{"safety.dangerous_house", 50, DH_ANY, DH_RAINY, HAZARD, T(t_dangerous_house),
	 {"住建站现场鉴定，已设置警戒线并通知产权人限期排危。",
	  "危险墙体已拆除，隐患消除。"}, ZHUJIAN, YINGJI},
	{"safety.ebike_charging", 350, DH_ANY, DH_ALL_YEAR, HAZARD, T(t_ebike),
	 {"已上门劝导并拆除飞线，住户承诺到集中充电点充电。",
	  "物业已在电梯加装电动车阻止系统，并增设了充电桩。"}, YINGJI, NULL},
	{"service.assistance", 200, DH_ANY, DH_ALL_YEAR, SERVICE, T(t_assistance),
	 {"已告知申请条件和所需材料，协助提交了低保申请。",
	  "社区已上门核实情况，临时救助金已发放。"}, WEIJIAN, NULL},
	{"service.elderly", 250, DH_ANY, DH_ALL_YEAR, SERVICE, T(t_elderly),
	 {"已为老人办理居家养老服务登记，每周上门服务两次。",
	  "经核实，高龄补贴已补发到账。"}, WEIJIAN, NULL},
	{"service.employment", 120, DH_ANY, DH_ALL_YEAR, SERVICE, T(t_employment),
	 {"已办理失业登记，推荐了三个岗位并报名技能培训。",
	  "已解答政策，协助完成了补贴申请。"}, SIFA, NULL},
	{"service.certificate", 250, DH_ANY, DH_ALL_YEAR, SERVICE, T(t_certificate),
	 {"已告知办理材料，证明已开具。", "工作人员已上门办理完毕。"}, NULL, NULL},
	{"environment.garbage", 700, DH_ANY, DH_SUMMER, PUBLIC, T(t_garbage),
	 {"已通知环卫站清运，现场已清理干净。",
	  "垃圾已清运，并增加了该点位的清运频次。"}, CHENGGUAN, NULL},
	{"environment.sewage", 250, DH_ANY, DH_RAINY, PUBLIC, T(t_sewage),
	 {"已联系市政疏通管网，化粪池已清掏。", "已责令商户整改并安装隔油池。"}, CHENGGUAN,
	 ZHUJIAN},
	{"environment.noise", 600, DH_ANY, DH_SUMMER, HOME, T(t_noise),
	 {"已与相关负责人沟通，音量调小并在晚上九点前结束。",
	  "城管已现场查处，施工方停止夜间施工。"}, CHENGGUAN, PAICHUSUO},
	{"environment.livestock", 80, DH_ANY, DH_ALL_YEAR, PUBLIC, T(t_livestock),
	 {"已责令养殖户限期清理，现已整改完毕。", "已联合农业部门劝导搬迁，现场已清理。"},
	 ZIRAN, CHENGGUAN},
	{"property.elevator", 350, DH_APT, DH_ALL_YEAR, HAZARD, T(t_elevator),
	 {"维保单位已到场处理，电梯检修后恢复运行。", "已更换故障配件，电梯恢复正常运行。"},
	 SHICHANG, ZHUJIAN},
	{"property.corridor_light", 550, DH_APT, DH_ALL_YEAR, HOME, T(t_corridor_light),
	 {"已更换楼道灯泡，恢复照明。", "物业电工已维修声控开关，楼道灯恢复正常。"}, ZHUJIAN,
	 NULL},
	{"property.access_control", 250, DH_APT, DH_ALL_YEAR, HOME, T(t_access),
	 {"物业已维修门禁，单元门可以正常关闭。", "已为住户录入门禁信息。"}, ZHUJIAN, NULL},
	{"property.utility_outage", 350, DH_ANY, DH_SUMMER, PUBLIC, T(t_outage),
	 {"经核实为线路故障，供电所已抢修完毕，恢复供电。", "供水公司已修复管道，恢复供水。"},
	 ZHUJIAN, YINGJI},
	{"traffic.parking", 600, DH_ANY, DH_ALL_YEAR, PUBLIC, T(t_parking),
	 {"已联系交警和城管清理占道车辆，并施划了禁停标线。", "已联系车主挪车，僵尸车已拖离。"},
	 CHENGGUAN, PAICHUSUO},
	{"traffic.road_damage", 300, DH_ANY, DH_RAINY, PUBLIC, T(t_road),
	 {"已安排施工队修补路面坑洞。", "住建站已完成路面修复。"}, ZHUJIAN, NULL},
	{"traffic.street_light", 350, DH_ANY, DH_WINTER, PUBLIC, T(t_street_light),
	 {"已通知路灯所维修，路灯恢复照明。", "已更换损坏的灯具和控制器。"}, CHENGGUAN, NULL},
	{"facility.damage", 400, DH_ANY, DH_ALL_YEAR, PUBLIC, T(t_facility),
	 {"已维修损坏设施，并对其余设施做了安全检查。", "已拆除损坏器材，新器材已订购安装。"},
	 CHENGGUAN, ZHUJIAN},
	{"facility.manhole", 120, DH_ANY, DH_RAINY, HAZARD, T(t_manhole),
	 {"已设置警示标志并更换新井盖。", "产权单位已更换井盖，隐患消除。"}, CHENGGUAN, NULL},
	{"neighbour.falling_objects", 150, DH_APT, DH_ALL_YEAR, HAZARD, T(t_falling),
	 {"已逐户排查并宣传高空抛物的法律责任，加装了高空监控。",
	  "已通知住户整改，阳台花盆已移除。"}, PAICHUSUO, NULL},
	{"neighbour.leak", 400, DH_APT, DH_RAINY, HOME, T(t_leak),
	 {"已联系楼上住户维修防水层，漏水已解决。", "已协调楼上住户调整空调排水管。"}, ZHUJIAN,
	 NULL},
	{"neighbour.pets", 300, DH_ANY, DH_ALL_YEAR, HOME, T(t_pets),
	 {"已上门与养犬户沟通，对方承诺加强管理。", "已张贴文明养犬告示并加强巡查。"},
	 CHENGGUAN, NULL},
};

const dh_category *dh_categories(size_t *n)
{
	*n = LEN(categories);
	return categories;
}

const dh_category *dh_category_find(const char *code)
{
	for (size_t i = 0; code && i < LEN(categories); i++)
		if (strcmp(categories[i].code, code) == 0)
			return &categories[i];
	return NULL;
}

/* ---- slot values and lists ----------------------------------------------------- */

static const char *const apt_places[] = {
	"小区东门", "小区南门外", "地下车库入口", "篮球场旁", "垃圾分类亭旁", "儿童游乐场",
	"健身广场", "菜市场门口", "公交站台", "幼儿园门口",
};

static const char *const village_places[] = {
	"村部门口", "晒谷坪边", "村道拐弯处", "小卖部门口", "池塘边", "村小学门口", "进组路口",
};

static const char *const durations[] = {
	"一个多星期", "三四天", "半个多月", "好几天", "两天", "快一个月",
};

static const char *const times[] = {
	"每天晚上十点以后", "凌晨一两点", "中午休息的时候", "周末一大早", "晚上十一点多",
};

const char *const *dh_places(unsigned where, size_t *n)
{
	if (where == DH_VIL) {
		*n = LEN(village_places);
		return village_places;
	}
	*n = LEN(apt_places);
	return apt_places;
}

const char *const *dh_durations(size_t *n)
{
	*n = LEN(durations);
	return durations;
}

const char *const *dh_times(size_t *n)
{
	*n = LEN(times);
	return times;
}

static const char *const escalate_reasons[] = {
	"涉及多个部门，需要上级协调", "超出本级处置能力，申请上报", "需要专业部门现场处置",
	"当事人情绪激动，需要社区出面调解",
};

static const char *const router_escalate_reasons[] = {
	"责任主体不明确，需要街道统筹协调", "涉及多个社区，需要上级统一处理",
};

static const char *const extend_reasons[] = {
	"维修配件需要订货，到货后再处理", "涉及多户协调，需要更多时间", "需要专业机构鉴定",
	"当事人外出，暂时无法约见",
};

static const char *const reject_reasons[] = {
	"该事项已进入诉讼程序，不予受理，已引导当事人通过法院解决",
	"不属于本街道管辖范围，已告知群众向相关部门反映",
	"诉求已通过其他渠道办理完毕，不再重复受理",
};

static const char *const return_notes[] = {
	"地址不在本网格，应由相邻网格处理", "产权单位不明确，需要上级确认责任主体",
	"属于物业和市政的职能交叉事项", "诉求内容不清楚，多次联系群众未接通",
};

static const char *const comments_good[] = {
	"处理很及时，谢谢！", "网格员很负责，点赞", "问题解决了，非常满意", "态度很好，效率很高",
};

static const char *const comments_fair[] = {
	"解决了，但是时间有点长", "基本解决，希望以后多关注",
};

static const char *const comments_bad[] = {
	"问题还是没有解决", "只是敷衍了事，没有实际处理", "说好来修，一直没人来",
};

const char *const *dh_list_get(dh_list which, size_t *n)
{
	static const struct {
		const char *const *items;
		size_t n;
	} lists[DH_LIST_COUNT] = {
		[DH_ESCALATE_REASONS] = {escalate_reasons, LEN(escalate_reasons)},
		[DH_ROUTER_ESCALATE_REASONS] = {router_escalate_reasons,
						LEN(router_escalate_reasons)},
		[DH_EXTEND_REASONS] = {extend_reasons, LEN(extend_reasons)},
		[DH_REJECT_REASONS] = {reject_reasons, LEN(reject_reasons)},
		[DH_RETURN_NOTES] = {return_notes, LEN(return_notes)},
		[DH_COMMENTS_GOOD] = {comments_good, LEN(comments_good)},
		[DH_COMMENTS_FAIR] = {comments_fair, LEN(comments_fair)},
		[DH_COMMENTS_BAD] = {comments_bad, LEN(comments_bad)},
	};
	*n = lists[which].n;
	return lists[which].items;
}

/* ---- the filler ------------------------------------------------------------------ */

/* Bytes of one formatted slot value. */
#define SLOT_MAX 256

/* The value of slot name (len bytes) into buf; NULL when unknown. */
static const char *slot_value(const char *name, size_t len, const dh_slots *s, char *buf)
{
	struct {
		const char *name;
		const char *text;
	} texts[] = {
		{"b", s->building}, {"e", s->estate}, {"v", s->village}, {"a", s->address},
		{"x", s->road}, {"p", s->place}, {"d", s->duration}, {"t", s->time},
	};
	for (size_t i = 0; i < LEN(texts); i++)
		if (strlen(texts[i].name) == len && strncmp(texts[i].name, name, len) == 0)
			return texts[i].text ? texts[i].text : "";
	struct {
		const char *name;
		const char *fmt;
		int value;
	} numbers[] = {
		{"u", "%d单元", s->entrance}, {"f", "%d楼", s->floor}, {"r", "%d室", s->room},
		{"up", "%d室", s->room_up}, {"n", "%d", s->number},
	};
	for (size_t i = 0; i < LEN(numbers); i++) {
		if (strlen(numbers[i].name) != len || strncmp(numbers[i].name, name, len) != 0)
			continue;
		snprintf(buf, SLOT_MAX, numbers[i].fmt, numbers[i].value);
		return buf;
	}
	return NULL;
}

/* Append text to out[*at..n-1], stopping before a character that would
 * not fit. */
static void append(char *out, size_t n, size_t *at, const char *text, size_t len)
{
	size_t room = n - 1 - *at;
	if (len > room) {
		len = room;
		while (len > 0 && ((unsigned char)text[len] & 0xC0) == 0x80)
			len--;
	}
	memcpy(out + *at, text, len);
	*at += len;
	out[*at] = '\0';
}

void dh_fill(const char *pattern, const dh_slots *s, char *out, size_t n)
{
	size_t at = 0;
	char buf[SLOT_MAX];
	out[0] = '\0';
	while (*pattern) {
		const char *open = strchr(pattern, '{');
		const char *close = open ? strchr(open, '}') : NULL;
		if (!close) {
			append(out, n, &at, pattern, strlen(pattern));
			return;
		}
		append(out, n, &at, pattern, (size_t)(open - pattern));
		const char *v = slot_value(open + 1, (size_t)(close - open - 1), s, buf);
		if (v)
			append(out, n, &at, v, strlen(v));
		else
			append(out, n, &at, open, (size_t)(close - open + 1));
		pattern = close + 1;
	}
}
