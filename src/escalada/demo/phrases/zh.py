"""Chinese (simplified script)."""

from __future__ import annotations

from datetime import date

CODE = "zh"
FIRST_NAMES = ("伟", "芳", "静", "磊", "婷", "浩", "雪", "杰", "琳", "晨")
LAST_NAMES = ("王", "李", "张", "刘", "陈", "杨", "赵", "黄")
# Handles and e-mail addresses are written in pinyin.
ROMAN = {
    "伟": "wei", "芳": "fang", "静": "jing", "磊": "lei", "婷": "ting", "浩": "hao",
    "雪": "xue", "杰": "jie", "琳": "lin", "晨": "chen", "王": "wang", "李": "li",
    "张": "zhang", "刘": "liu", "陈": "chen", "杨": "yang", "赵": "zhao", "黄": "huang",
}
FAMILY_NAME_FIRST = True
CITIES = ("上海", "北京", "深圳", "广州", "成都", "杭州")
BIOS = ("咖啡续命中 ☕", "程序员，喜欢旅行", "上海 | 摄影", "两个孩子的妈妈")
PHONE_PREFIX = "+86138000"
REF_WORDS = {"bank": "参考编号", "airline": "预订编号", "retail": "订单号",
             "telecom": "客户编号"}


def money(value: float) -> str:
    return f"{round(value * 7)}元"


def short_date(day: date) -> str:
    return f"{day.month}月{day.day}日"


MESSAGES = {
    "billing": {
        "*": (
            "{date}同一笔消费被扣了两次，每次{amount}，请尽快退还重复扣款。",
            "退款{amount}到现在还没到账，已经等了{n}个星期了。",
        ),
    },
    "outage": {
        "*": ("{brand}是不是崩了？从{time}开始App就打不开。",
              "网站报错已经一个小时了，什么都做不了。"),
    },
    "delivery": {
        "retail": (
            "订单{order}本来应该{date}送到，物流信息已经{n}天没更新了。",
            "今天收到包裹，箱子压扁了，东西也摔坏了。订单号{order}。",
        ),
        "airline": ("我的行李没有随{flight}航班到达{city}，柜台也说不清楚。",),
        "bank": ("{date}申请的新卡到现在还没收到。",),
        "telecom": ("新路由器说{date}送到，到现在还没消息。",),
    },
    "account": {
        "*": ("账户登录不了，重置密码的邮件一直收不到。",
              "有人登录了我的账户还改了邮箱，我怀疑被盗号了。"),
    },
    "technical": {
        "*": ("更新以后App一打开就闪退。", "修改个人信息的时候一直提示错误{code}。"),
    },
    "sales_lead": {
        "*": ("你好，我们公司大概{n}0个人，请问企业版怎么收费？想预约一次演示。",
              "能不能帮我报个价，大概需要{n}00件。"),
    },
    "feature_request": {
        "*": ("希望App能加一个深色模式！",),
    },
    "question": {
        "*": ("请问客服的工作时间是几点到几点？", "账户绑定的邮箱怎么修改？"),
    },
    "praise": {
        "*": ("感谢在线客服{agent}，五分钟就帮我解决了 👏", "今天的服务太好了，谢谢{brand}！"),
    },
    "reputation": {
        "*": ("你们{city}门店的经理当众对我妈妈大吼大叫，太过分了。",),
    },
    "cancellation": {
        "*": ("我要注销。做了{n}年的老客户，你们就这样对待我？",),
    },
    "legal": {
        "*": ("如果周五之前还不解决，我就找律师，并向消费者协会投诉。",),
    },
    "spam": {
        "*": ("💰 炒币月入三万，私信我拿内部消息 🚀",),
    },
    "abuse": {
        "*": ("垃圾公司", "一群小丑 🤡"),
    },
}

TAILS = {
    "cancellation": ("再不处理我就换别家。",),
    "legal": ("下一步我会找律师。",),
}

FOLLOW_UPS = {
    "details": ("已经私信发给你们了。", "订单是{order}，{date}付了{amount}。"),
    "chase": ("还有人吗？到现在都没回复。", "已经等了{n}个小时了。"),
    "thanks": ("已经解决了，谢谢！",),
    "unhappy": ("这是模板回复吧，这些我早就试过了。",),
}

REPLIES = {
    "move_to_dm": ("{name}您好，非常抱歉。麻烦您私信发一下{ref}，我们马上核实。",),
    "ask_details": ("{name}您好，感谢联系我们。请确认一下您的{ref}和账户邮箱。",),
    "apology": ("{name}，非常抱歉给您带来不便。我们已转交相关团队，24小时内回复您。",),
    "outage": ("我们已经注意到{brand}目前有部分用户无法正常使用，技术团队正在处理。",),
    "sales": ("感谢您的关注！我们已把您的信息转给商务团队，今天会有人联系您。",),
    "feature": ("好主意，{name}！我们会反馈给产品团队。",),
    "faq": ("{name}您好，相关信息都可以在我们的帮助中心找到。",),
    "thanks": ("谢谢您，{name}！我们会转达给团队 💙",),
    "escalated": ("{name}您好，非常抱歉。您的问题已升级到客户关系团队，今天会直接联系您。",),
    "calm": ("很遗憾您这么想。如果有具体问题需要帮忙，随时告诉我们。",),
}

EMAIL = {"greetings": ("您好，",), "signoffs": ("谢谢，", "此致")}

OUTAGE_BURST = None
