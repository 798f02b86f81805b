"""Accumulates one day of traffic: posts, brand replies and customers coming back."""

from __future__ import annotations

import random
from datetime import date, datetime

from escalada.demo import clock, compose
from escalada.demo.brands import BRAND_WEIGHTS, PROFILES, BrandProfile
from escalada.demo.dataset import DemoLabel
from escalada.demo.ids import MessageIds
from escalada.demo.people import People, Person
from escalada.demo.phrases import LANGUAGE_WEIGHTS, templates

CATEGORIES = ("billing", "outage", "delivery", "account", "technical", "sales_lead",
              "feature_request", "question", "praise", "reputation", "cancellation", "legal",
              "spam", "abuse")
_PLATFORM_WEIGHTS = {"x": 34.0, "facebook": 16.0, "instagram": 16.0, "messenger": 12.0,
                     "whatsapp": 11.0, "email": 11.0}
_PUBLIC_ONLY = frozenset({"spam", "abuse", "praise"})
_REPLY_CHANCE = {
    "billing": 0.85, "outage": 0.55, "delivery": 0.85, "account": 0.85, "technical": 0.7,
    "sales_lead": 0.9, "feature_request": 0.5, "question": 0.75, "praise": 0.45,
    "reputation": 0.8, "cancellation": 0.85, "legal": 0.95, "spam": 0.01, "abuse": 0.08,
}
_NEEDS_DETAILS = frozenset({"billing", "delivery", "account", "technical", "cancellation"})
# Categories where silence from the brand makes a customer chase.
_WORTH_CHASING = frozenset({"billing", "outage", "delivery", "account", "technical",
                            "sales_lead", "question", "reputation", "cancellation", "legal"})
_KIND_OF_AUTHOR = {"spam": "spammer", "abuse": "troll"}
# How likely an author of each kind is someone who already wrote today.
_REUSE = {"customer": 0.15, "troll": 0.35, "spammer": 0.45}


def visibility_of(platform: str, direct_message: bool) -> str:
    if platform in ("messenger", "whatsapp", "email"):
        return "private"
    if platform == "x" and direct_message:
        return "private"
    return "public"


class DayBuilder:
    def __init__(self, rng: random.Random, day: date) -> None:
        self.rng = rng
        self.day = day
        self.end = clock.end_of(day)
        self.people = People(rng, day)
        self.ids = MessageIds(rng)
        self.inbound: list[dict] = []
        self.replies: list[dict] = []
        self.labels: dict[tuple[str, str], DemoLabel] = {}

    # -- single messages -------------------------------------------------------------

    def post(self, *, profile: BrandProfile, platform: str, person: Person, text: str,
             when: datetime, visibility: str, categories: tuple[str, ...],
             in_reply_to: str | None = None, story: str | None = None) -> dict:
        mail_domain = person.author["handle"].rpartition("@")[2] if platform == "email" else ""
        message_id = self.ids.new(platform, when, profile.handle_on(platform), mail_domain)
        message = {
            "platform": platform,
            "platform_message_id": message_id,
            "brand_account": profile.handle_on(platform),
            "author": dict(person.author),
            "text": text,
            "visibility": visibility,
            "created_at": clock.iso(when),
            "in_reply_to": in_reply_to,
        }
        self.inbound.append(message)
        self.labels[(platform, message_id)] = DemoLabel(
            language=person.language, categories=categories, author_kind=person.kind,
            story=story, brand=profile.brand.slug,
        )
        return message

    def answer(self, *, profile: BrandProfile, message: dict, text: str,
               when: datetime) -> dict:
        platform = message["platform"]
        reply = {
            "platform": platform,
            "platform_message_id": self.ids.new(
                platform, when, profile.handle_on(platform), profile.email_domain
            ),
            "brand_account": message["brand_account"],
            "in_reply_to": message["platform_message_id"],
            "text": text,
            "visibility": message["visibility"],
            "created_at": clock.iso(when),
        }
        self.replies.append(reply)
        return reply

    def templated_answer(self, *, profile: BrandProfile, message: dict, person: Person,
                         kind: str, when: datetime) -> dict:
        text = compose.reply(
            self.rng, language=person.language, kind=kind, profile=profile,
            platform=message["platform"], visibility=message["visibility"],
            customer_handle=person.author["handle"], customer_name=person.first_name,
        )
        return self.answer(profile=profile, message=message, text=text, when=when)

    def customer_follow_up(self, *, profile: BrandProfile, person: Person, to: dict,
                           visibility: str, kind: str, when: datetime,
                           categories: tuple[str, ...], story: str | None) -> dict:
        platform = to["platform"]
        text = compose.follow_up(self.rng, language=person.language, kind=kind,
                                 profile=profile, when=when)
        if platform == "x" and visibility == "public":
            text = f"@{profile.handle_on('x')} {text}"
        labelled = ("praise",) if kind == "thanks" else categories
        return self.post(profile=profile, platform=platform, person=person, text=text,
                         when=when, visibility=visibility, categories=labelled,
                         in_reply_to=to["platform_message_id"], story=story)

    # -- whole conversations ---------------------------------------------------------

    def conversation(self, *, profile: BrandProfile | None = None, category: str | None = None,
                     language: str | None = None) -> None:
        """One customer writing in, maybe an answer, maybe the customer coming back."""
        rng = self.rng
        profile = profile or rng.choices(PROFILES, weights=BRAND_WEIGHTS)[0]
        category = category or rng.choices(
            CATEGORIES, weights=[profile.category_weights[c] for c in CATEGORIES])[0]
        language = language or self._language_for(category)
        if not templates(language, category, profile.industry):
            language = "en"
        kind = _KIND_OF_AUTHOR.get(category, "customer")
        platform = self._platform_for(profile, category)
        visibility = visibility_of(
            platform, direct_message=category not in _PUBLIC_ONLY and rng.random() < 0.18)
        person = self.people.pick(platform, language, kind, _REUSE[kind])
        when = clock.arrival(rng, self.day)
        body, categories = compose.message(rng, language=language, category=category,
                                           profile=profile, when=when)
        text = compose.decorate(rng, body, language=language, categories=categories,
                                profile=profile, platform=platform, visibility=visibility,
                                sender=person.author["name"])
        message = self.post(profile=profile, platform=platform, person=person, text=text,
                            when=when, visibility=visibility, categories=categories)
        self.carry_on(profile=profile, message=message, person=person, category=category,
                      categories=categories)

    def carry_on(self, *, profile: BrandProfile, message: dict, person: Person, category: str,
                 categories: tuple[str, ...], story: str | None = None,
                 reply_chance: float | None = None) -> None:
        """The brand may answer; the customer may chase, send details, or say thanks."""
        rng = self.rng
        received = datetime.fromisoformat(message["created_at"])
        visibility = message["visibility"]
        chance = _REPLY_CHANCE[category] if reply_chance is None else reply_chance
        answered_at = clock.reply_time(rng, category, received)
        if rng.random() >= chance or answered_at > self.end:
            chased_at = received + clock.customer_pause(rng) * 6
            if (person.kind == "customer" and category in _WORTH_CHASING
                    and rng.random() < 0.15 and chased_at <= self.end):
                self.customer_follow_up(profile=profile, person=person, to=message,
                                        visibility=visibility, kind="chase", when=chased_at,
                                        categories=categories, story=story)
            return
        kind = self._reply_kind(category, visibility)
        reply = self.templated_answer(profile=profile, message=message, person=person,
                                      kind=kind, when=answered_at)
        if person.kind != "customer" and person.kind != "influencer":
            return
        back_at = answered_at + clock.customer_pause(rng)
        if back_at > self.end:
            return
        if kind in ("move_to_dm", "ask_details") and rng.random() < 0.45:
            details = self.customer_follow_up(
                profile=profile, person=person, to=reply, visibility=visibility,
                kind="details", when=back_at, categories=categories, story=story)
            again_at = clock.reply_time(rng, category, back_at)
            if rng.random() < 0.7 and again_at <= self.end:
                closing = self.templated_answer(profile=profile, message=details,
                                                person=person, kind="apology", when=again_at)
                thanks_at = again_at + clock.customer_pause(rng)
                if rng.random() < 0.3 and thanks_at <= self.end:
                    self.customer_follow_up(
                        profile=profile, person=person, to=closing, visibility=visibility,
                        kind="thanks", when=thanks_at, categories=categories, story=story)
        elif kind in ("apology", "escalated", "outage", "faq") and rng.random() < 0.15:
            mood = "thanks" if rng.random() < 0.5 else "unhappy"
            self.customer_follow_up(profile=profile, person=person, to=reply,
                                    visibility=visibility, kind=mood, when=back_at,
                                    categories=categories, story=story)

    def _reply_kind(self, category: str, visibility: str) -> str:
        public = visibility == "public"
        if category == "outage":
            return "outage"
        if category in ("legal", "reputation"):
            return "move_to_dm" if public and self.rng.random() < 0.5 else "escalated"
        if category in _NEEDS_DETAILS:
            if public:
                return "move_to_dm"
            return "ask_details" if self.rng.random() < 0.6 else "apology"
        return {"sales_lead": "sales", "feature_request": "feature", "question": "faq",
                "praise": "thanks"}.get(category, "calm")

    def _language_for(self, category: str) -> str:
        if category == "spam" and self.rng.random() < 0.7:
            return "en"
        codes = tuple(LANGUAGE_WEIGHTS)
        return self.rng.choices(codes, weights=[LANGUAGE_WEIGHTS[c] for c in codes])[0]

    def _platform_for(self, profile: BrandProfile, category: str) -> str:
        weights = dict(_PLATFORM_WEIGHTS)
        if category in _PUBLIC_ONLY:
            for private in ("messenger", "whatsapp", "email"):
                weights[private] = 0.0
        if category in ("sales_lead", "legal"):
            weights["email"] *= 3
            weights["messenger"] *= 2
        platforms = profile.platforms
        return self.rng.choices(platforms, weights=[weights[p] for p in platforms])[0]
