"""The scripted moments of the demo day, each one a page of the inbox worth showing."""

from __future__ import annotations

from datetime import datetime, timedelta

from escalada.demo import clock, compose
from escalada.demo.brands import AEROLIRA, BASKETO, PENNANT, TIDEWAVE
from escalada.demo.builder import DayBuilder
from escalada.demo.phrases import en

OUTAGE_BURST = "outage_burst"
SALES_QUOTE = "sales_quote"
INFLUENCER_CALLOUT = "influencer_callout"
EXECUTIVE_THREAT = "executive_threat"
DAMAGED_ORDER_THREAD = "damaged_order_thread"
STORIES = (OUTAGE_BURST, SALES_QUOTE, INFLUENCER_CALLOUT, EXECUTIVE_THREAT,
           DAMAGED_ORDER_THREAD)

BURST_MINUTES = 45
_BURST_LANGUAGE_WEIGHTS = {"en": 50.0, "es": 15.0, "pt": 12.0, "de": 10.0, "fr": 8.0,
                           "nl": 5.0}


def _at(build: DayBuilder, hour: int, minute: int, jitter_minutes: int = 20) -> datetime:
    base = clock.start_of(build.day) + timedelta(hours=hour, minutes=minute)
    return base + timedelta(seconds=build.rng.randrange(jitter_minutes * 60))


def outage_burst(build: DayBuilder, size: int) -> None:
    """The streaming service falls over at prime time and everyone says so at once."""
    rng = build.rng
    start = _at(build, 19, 20)
    languages = tuple(_BURST_LANGUAGE_WEIGHTS)
    weights = tuple(_BURST_LANGUAGE_WEIGHTS.values())
    # The first messages are guaranteed to be in different languages, so even a small
    # burst shows the incident crossing borders.
    forced = ("en", "es", "pt", "de")
    for index in range(size):
        language = forced[index] if index < len(forced) else rng.choices(languages, weights)[0]
        platform = rng.choices(("x", "facebook", "messenger"), weights=(60, 25, 15))[0]
        visibility = "private" if platform == "messenger" else "public"
        person = build.people.pick(platform, language, "customer", reuse=0.08)
        when = start + timedelta(seconds=int(BURST_MINUTES * 60 * rng.betavariate(1.6, 2.6)))
        text = compose.burst_message(rng, language=language, profile=TIDEWAVE, when=when)
        if platform == "x":
            text = f"@{TIDEWAVE.handle_on('x')} {text}"
        message = build.post(profile=TIDEWAVE, platform=platform, person=person, text=text,
                             when=when, visibility=visibility, categories=("outage",),
                             story=OUTAGE_BURST)
        build.carry_on(profile=TIDEWAVE, message=message, person=person, category="outage",
                       categories=("outage",), story=OUTAGE_BURST, reply_chance=0.35)


def sales_quote(build: DayBuilder) -> None:
    """A business buyer asks the retailer for a quote by e-mail and follows it up."""
    rng = build.rng
    when = _at(build, 10, 35)
    person = build.people.new("email", "en", "customer", name="Helen Marsh",
                              handle="helen.marsh@fernleaf-studio.example",
                              platform_user_id="helen.marsh@fernleaf-studio.example")
    due = en.short_date(build.day + timedelta(days=24))
    text = (
        "Hello,\n\nWe're fitting out our new office in Leeds and would like a quote for 120 "
        "standing desks (white, 140 cm) and 120 task chairs, delivered to the ground floor "
        f"by {due}. Is there a volume discount above 100 units, and can the invoice show "
        "VAT separately?\n\nKind regards,\nHelen Marsh\nOperations Manager, Fernleaf Studio"
    )
    message = build.post(profile=BASKETO, platform="email", person=person, text=text,
                         when=when, visibility="private", categories=("sales_lead",),
                         story=SALES_QUOTE)
    answered_at = when + timedelta(minutes=rng.randint(25, 70))
    reply = build.templated_answer(profile=BASKETO, message=message, person=person,
                                   kind="sales", when=answered_at)
    follow_up = (
        "Hello,\n\nThanks for the quick reply. Our budget is around £38,000 including "
        f"delivery, and we'd need everything before {due}. Best number to reach me is "
        "0113 496 0123.\n\nKind regards,\nHelen"
    )
    build.post(profile=BASKETO, platform="email", person=person, text=follow_up,
               when=answered_at + timedelta(minutes=rng.randint(10, 40)),
               visibility="private", categories=("sales_lead",),
               in_reply_to=reply["platform_message_id"], story=SALES_QUOTE)


def influencer_callout(build: DayBuilder) -> None:
    """A verified travel writer with a big audience calls the airline out in public."""
    rng = build.rng
    when = _at(build, 12, 5)
    person = build.people.new(
        "x", "en", "influencer", name="Maya Osei", handle="MayaOnTheMove",
        bio="Travel writer · three continents a month · host of the Jet Lagged podcast",
    )
    flight = f"LQ{rng.randrange(1000, 2999)}"
    text = (
        f"@{AEROLIRA.handle_on('x')} I just watched your gate staff at Manchester tell a "
        "mother with two small kids to 'sort herself out or stay home' and then refuse to "
        f"board her on {flight}. And my bag is lost for the second time this year. Never "
        "again. 🧵 #Aerolira #travel"
    )
    categories = ("reputation", "delivery", "cancellation")
    post = build.post(profile=AEROLIRA, platform="x", person=person, text=text, when=when,
                      visibility="public", categories=categories, story=INFLUENCER_CALLOUT)
    # Her followers pile in underneath her post.
    pile_on = (
        "This is appalling. Sort it out.",
        "Same thing happened to my sister last month, nobody cared.",
        "Never flying with them again after reading this.",
        "Tagging their CEO would be a start.",
    )
    for offset, line in enumerate(pile_on, start=1):
        follower = build.people.new("x", "en", "customer")
        build.post(profile=AEROLIRA, platform="x", person=follower,
                   text=f"@{person.author['handle']} @{AEROLIRA.handle_on('x')} {line}",
                   when=when + timedelta(minutes=offset * rng.randint(2, 6)),
                   visibility="public", categories=("reputation",),
                   in_reply_to=post["platform_message_id"], story=INFLUENCER_CALLOUT)
    answered_at = when + timedelta(minutes=rng.randint(6, 14))
    reply = build.templated_answer(profile=AEROLIRA, message=post, person=person,
                                   kind="move_to_dm", when=answered_at)
    build.post(profile=AEROLIRA, platform="x", person=person,
               text=(f"@{AEROLIRA.handle_on('x')} DM sent with the bag tag. I still want a "
                     "public answer about how that family was treated."),
               when=answered_at + timedelta(minutes=rng.randint(8, 20)), visibility="public",
               categories=("reputation",), in_reply_to=reply["platform_message_id"],
               story=INFLUENCER_CALLOUT)


def executive_threat(build: DayBuilder) -> None:
    """A long-standing bank customer threatens lawyers, the ombudsman and leaving."""
    rng = build.rng
    when = _at(build, 8, 40)
    person = build.people.new("email", "en", "customer", name="Richard Hale")
    charged_on = en.short_date(build.day - timedelta(days=6))
    reference = f"PB{rng.randrange(10**7, 10**8)}"
    text = (
        "Dear Pennant Bank,\n\n"
        f"On {charged_on} my card ending 4417 was charged £1,249.00 twice by the same "
        f"merchant (your reference {reference}). I have called three times and been promised "
        "a call back each time. Nobody has called.\n\n"
        "If the duplicate is not refunded by Friday I will instruct my solicitor, report the "
        "matter to the Financial Ombudsman Service and move my mortgage, savings and business "
        "account to another bank. I have banked with you for 22 years.\n\n"
        "Richard Hale"
    )
    message = build.post(profile=PENNANT, platform="email", person=person, text=text,
                         when=when, visibility="private",
                         categories=("billing", "legal", "cancellation"),
                         story=EXECUTIVE_THREAT)
    build.templated_answer(profile=PENNANT, message=message, person=person, kind="escalated",
                           when=when + timedelta(minutes=rng.randint(15, 35)))


def damaged_order_thread(build: DayBuilder) -> None:
    """A public back-and-forth about a broken delivery, from complaint to thanks."""
    rng = build.rng
    handle = "@" + BASKETO.handle_on("x")
    person = build.people.new("x", "en", "customer", name="Priya Walsh")
    order = f"BK-{rng.randrange(10**6, 10**7)}"
    paid_on = en.short_date(build.day - timedelta(days=4))
    when = _at(build, 9, 25)
    first = build.post(
        profile=BASKETO, platform="x", person=person,
        text=(f"{handle} order {order} arrived this morning and the glass table top is "
              f"shattered. Paid £289.00 on {paid_on}. Photos below 📸"),
        when=when, visibility="public", categories=("delivery",), story=DAMAGED_ORDER_THREAD)
    # Before anyone answers, she adds to her own post.
    build.post(
        profile=BASKETO, platform="x", person=person,
        text=(f"{handle} also the second box with the chairs never came, tracking says "
              "delivered. Same order."),
        when=when + timedelta(minutes=4), visibility="public", categories=("delivery",),
        in_reply_to=first["platform_message_id"], story=DAMAGED_ORDER_THREAD)
    moment = when + timedelta(minutes=rng.randint(25, 45))
    reply = build.templated_answer(profile=BASKETO, message=first, person=person,
                                   kind="move_to_dm", when=moment)
    moment += timedelta(minutes=rng.randint(8, 20))
    pressing = build.post(
        profile=BASKETO, platform="x", person=person,
        text=(f"{handle} DM sent. Honestly I need the table by Saturday, it's for my "
              "daughter's birthday."),
        when=moment, visibility="public", categories=("delivery",),
        in_reply_to=reply["platform_message_id"], story=DAMAGED_ORDER_THREAD)
    moment += timedelta(minutes=rng.randint(15, 30))
    fixed = build.answer(
        profile=BASKETO, message=pressing,
        text=(f"@{person.author['handle']} Thanks Priya. A replacement table top is booked "
              "for Friday before 12, and the missing chairs have been refunded (£74.00). "
              "Sorry again ^AR"),
        when=moment)
    moment += timedelta(minutes=rng.randint(5, 15))
    build.post(profile=BASKETO, platform="x", person=person,
               text=f"{handle} Thank you, that's a relief 🙏", when=moment,
               visibility="public", categories=("praise",),
               in_reply_to=fixed["platform_message_id"], story=DAMAGED_ORDER_THREAD)


def tell_all(build: DayBuilder, burst_size: int) -> None:
    executive_threat(build)
    damaged_order_thread(build)
    sales_quote(build)
    influencer_callout(build)
    outage_burst(build, burst_size)
