// Stop words: words a ticket's text carries whatever its problem is. Chinese:
// function words, greetings and the service desk's own vocabulary (客户, 问题,
// 您好 …); English: the usual closed-class words plus help-desk filler. A
// dataset adds its own through its text settings.

export const ZH_STOP_WORDS = `
的 了 在 是 和 与 及 或 也 都 就 还 又 把 被 让 给 对 向 从 到 着 过 吗 呢 吧 啊 呀 哦 嗯 么 很 太 更 最 已 并 而 但 却 则 即 等 之 其 此 该 这 那 哪 谁 啥
我 你 您 他 她 它 我们 你们 您们 他们 她们 它们 咱们 自己 大家 本人
这个 那个 这些 那些 这样 那样 这种 那种 这里 那里 这边 那边 这次 那次 哪个 哪些 哪里 什么 怎么 怎样 怎么办 为什么 为何 如何 多少 几个
一个 一下 一些 一点 一直 一样 一起 一次 一般 有点 有些 有的 所有 每次 每个 任何 其他 其它 另外
可以 可能 能够 不能 不会 不是 不要 没有 没 不 无 有 要 会 能 想 让 使 得 地 做 去 来 说 看 用 好 多 少
已经 曾经 正在 还是 或者 而且 并且 但是 可是 不过 因为 所以 如果 虽然 然后 然而 接着 于是 只是 就是 还有 以及 以后 之后 之前 以前 后来 刚才 马上 立即 现在 目前 当时 时候 今天 昨天 明天 最近 一天 两天
非常 比较 特别 十分 真的 确实 实在 根本 完全 总是 经常 一定 肯定 应该 需要 希望 觉得 认为 知道 发现 表示 反映 反馈 情况 方面 问题 原因 处理 客户 用户 顾客 客服 工单
一直在 都没 也不 也没 还没 什么时候 不知道 要求 您好 你好 请问 麻烦 谢谢 感谢 谢谢您 不好意思 抱歉 请 帮忙 帮我 帮助 尽快 一下子 咨询 询问 联系
`;

export const EN_STOP_WORDS = `
a an the and or but if then else so than too very just also only not no nor yes
i me my mine myself we us our ours you your yours he him his she her hers it its they them their theirs
this that these those there here where when what which who whom whose why how
am is are was were be been being do does did done doing have has had having
will would shall should can could may might must ought
of in on at to for from by with about as into onto over under again further out up down off above below between through during before after
all any both each few more most other some such own same
get got getting make made go went going come came take took say said tell told know knew see saw want wanted need needed
one two three first also still even ever never always already yet
please thank thanks hello hi dear regards sir madam
customer customers issue issues problem problems ticket tickets
because since now back ago however although though etc via
im ive id dont doesnt didnt cant couldnt wont wouldnt isnt wasnt arent
`;

function toSet(text: string): Set<string> {
	return new Set(text.split(/\s+/).filter(Boolean));
}

export const DEFAULT_STOP_WORDS: ReadonlySet<string> = new Set([...toSet(ZH_STOP_WORDS), ...toSet(EN_STOP_WORDS)]);

/**
 * Single Chinese characters that break a run of single characters instead of
 * joining it: function characters and negations (异 + 响 → 异响, but 没 + 人 stays apart).
 */
export const ZH_BREAK_CHARS: ReadonlySet<string> = new Set([...'的了在是和与及或也都就还又把被让给对向从到着过吗呢吧啊呀哦嗯么很太更最已并而但却则即等之其此该这那哪谁我你您他她它不没无有要会能想使得地做去来说看用好多少个次时后前']);

/**
 * Words ICU's dictionary splits into single characters but tickets use as one
 * word (measured on the sample and the 车质网 complaints); every dataset's
 * dictionary starts with these.
 */
export const DEFAULT_DICTIONARY: readonly string[] = `
异响 账号 退货 退款 换货 超时 漆面 中控 车机 扣款 到账 闪退 卡顿 掉漆 漏油 死机 黑屏 白屏 花屏 验证码 二维码 优惠券 优惠码
发货 到货 签收 催单 补发 漏发 错发 运费 退单 下单 改价 充值 提现 余额 绑卡 解绑 锁定 掉线 断网 信号
售后 保修 召回 刹车 变速箱 发动机 方向盘 天窗 车门 轮胎 生锈 抖动 熄火 油耗 异味 漏水 胎压 气囊 电瓶 续航 充电桩
`
	.split(/\s+/)
	.filter(Boolean);
