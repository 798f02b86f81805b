"""English: the majority of the traffic, so the widest choice of wording."""

from __future__ import annotations

from datetime import date

CODE = "en"
FIRST_NAMES = (
    "Olivia", "Jack", "Amelia", "Harry", "Priya", "Liam", "Chloe", "Noah", "Grace", "Tom",
    "Aisha", "Callum", "Megan", "Ryan", "Sophie", "Daniel", "Hannah", "Kwame", "Emily", "Sean",
    "Zara", "Marcus", "Ellie", "Jordan", "Fatima", "Ben", "Lucy", "Owen", "Rachel", "Dev",
)
LAST_NAMES = (
    "Smith", "Jones", "Taylor", "Brown", "Williams", "Patel", "Walsh", "Evans", "Thomas",
    "Roberts", "Hughes", "Khan", "Murphy", "Campbell", "Okafor", "Wright", "Clarke", "Hall",
    "Turner", "Reid", "Green", "O'Brien", "Mensah", "Fraser",
)
CITIES = (
    "Manchester", "Leeds", "Bristol", "Glasgow", "Dublin", "Cardiff", "Birmingham",
    "Newcastle", "London Gatwick", "Edinburgh", "Belfast", "Liverpool",
)
BIOS = (
    "Mum of two. Tea first.", "Nurse | runner | dog person", "Software tester by day",
    "Leeds born and bred", "Coffee, cycling, chaos", "Teacher. Views my own.",
    "Trying to keep my plants alive 🌱", "Season ticket holder, long suffering",
    "Small business owner ☕", "Retired and loving it", "Photographer | travel | food",
    "PhD student, permanently tired",
)
TROLL_BIOS = ("no filter", "truth hurts", "just here to watch it burn 🔥", "🤡", "ratio")
SPAM_BIOS = (
    "💰 Crypto mentor | DM for signals", "Grow your account 🚀 10K followers/day",
    "Forex | Bitcoin | Financial freedom 📈", "Link in bio 👇 limited offer",
)
PHONE_PREFIX = "+447700900"
REF_WORDS = {
    "bank": "reference number",
    "airline": "booking reference",
    "retail": "order number",
    "telecom": "account number",
}
PRODUCTS = (
    "the coffee machine", "the glass vase", "the monitor", "the dinner set", "the mirror",
    "the desk lamp", "the air fryer",
)


def money(value: float) -> str:
    return f"£{value:,.2f}"


def short_date(day: date) -> str:
    return f"{day.day} {day:%B}"


MESSAGES = {
    "billing": {
        "*": (
            "I've been charged twice for the same thing, {amount} on {date}, both on my "
            "statement. Can someone refund the duplicate?",
            "Still waiting for my refund of {amount}. You said 5 to 7 working days on {date} "
            "and it's been {n} weeks.",
            "Why have I been charged {amount} this month? Nothing changed on my side and "
            "nobody told me about a price rise.",
            "Payment keeps failing at the last step but the money leaves my account every "
            "time. {n} attempts, {n} charges of {amount}.",
        ),
        "bank": (
            "Card ending {last4} was debited {amount} twice at the same shop on {date}. "
            "Ref {order}. Please reverse the duplicate.",
            "You've charged me an overdraft fee of {amount} when I was never overdrawn. "
            "Ref {order}.",
            "A direct debit of {amount} went out twice this morning and now my rent has "
            "bounced. Card ending {last4}.",
        ),
        "airline": (
            "Booking {order}: you charged me {amount} for seat selection twice. I only have "
            "one seat!",
            "Flight {flight} was cancelled on {date} and I'm still waiting for the {amount} "
            "refund. Booking ref {order}.",
        ),
        "retail": (
            "Order {order} was cancelled by you but I was still charged {amount}. Where is "
            "my money?",
            "I returned order {order} on {date} and the refund of {amount} still hasn't "
            "arrived.",
        ),
        "telecom": (
            "My bill jumped to {amount} this month. Account {order}. I'm on a fixed "
            "contract, this isn't right.",
            "You took {amount} twice for the same month. Account number {order}.",
        ),
    },
    "outage": {
        "*": (
            "Is {brand} down? The app won't load at all since about {time}.",
            "Your website has been throwing errors for the last hour, can't do anything.",
        ),
        "bank": (
            "Can't log in to the app or online banking since {time}. I need to pay my rent "
            "today!",
            "Card declined in three different shops this morning. Is there an outage?",
        ),
        "airline": ("Online check-in for {flight} has been down all morning and the queue "
                    "at the airport is huge.",),
        "retail": ("Checkout is broken, every time I press pay it says something went "
                   "wrong.",),
        "telecom": (
            "No internet since {time} in {city}. Router lights all red. Account {order}.",
            "Broadband down again in {city}, third time this week.",
        ),
    },
    "delivery": {
        "retail": (
            "Order {order} was due on {date}. Tracking hasn't moved in {n} days.",
            "Parcel arrived today with the box crushed and {product} is cracked. Order "
            "{order}.",
            "I ordered {product} and got a phone case instead. Order {order}, paid {amount}.",
            "Tracking says delivered at {time} but there's nothing here and I was home all "
            "day. Order {order}.",
        ),
        "airline": (
            "My bag didn't arrive in {city} on {flight}. Nobody at the desk could tell me "
            "anything.",
            "Suitcase came back with a snapped handle and a ripped side. Flight {flight}, "
            "booking {order}.",
        ),
        "bank": ("My replacement card was ordered on {date} and still hasn't arrived. The "
                 "old one ending {last4} is blocked so I have nothing to pay with.",),
        "telecom": ("New router was due on {date}, still nothing. Order {order}. I work "
                    "from home and have no internet.",),
    },
    "account": {
        "*": (
            "I'm locked out of my account and the password reset email never arrives.",
            "Someone logged into my account from another country and changed my email "
            "address. I think I've been hacked, please help.",
            "The verification code never comes through by text so I can't log in.",
        ),
        "bank": (
            "Online banking locked after 3 wrong attempts and I can't get through on the "
            "phone either.",
            "Got a text saying a new device was added to my account. That wasn't me! Card "
            "ending {last4}.",
        ),
        "airline": ("My loyalty account shows 0 miles, I had over 40,000 yesterday. Has it "
                    "been hacked?",),
        "telecom": ("Someone changed the password on my account and is watching from "
                    "another country.",),
    },
    "technical": {
        "*": (
            "The app crashes every time I open it since the update. iPhone 13.",
            "Getting error {code} whenever I try to update my details.",
            "Dark mode makes half the buttons invisible on Android.",
        ),
        "bank": ("The transfers screen is blank since yesterday's update.",),
        "airline": ("Boarding pass won't add to my wallet, it just spins forever.",),
        "retail": ("Discount code says invalid at checkout but your email only came this "
                   "morning.",),
        "telecom": (
            "Subtitles are about two seconds out of sync on every episode.",
            "The TV app logs me out every single night.",
        ),
    },
    "sales_lead": {
        "*": (
            "Hi, what's the pricing for a team of about {n}0 people? Looking to switch "
            "before next quarter.",
            "Could someone from sales get in touch? We'd like a demo for our company.",
            "Do you offer discounts for charities?",
        ),
        "bank": ("Small business with {n} staff looking to move our business account. Can "
                 "someone call me about fees?",),
        "airline": ("Looking for a group quote: {n}0 people flying to {city} in June. Who "
                    "do I speak to?",),
        "retail": ("Can I get a quote for {n}00 units for our office? We need an invoice "
                   "and delivery.",),
        "telecom": ("What would business broadband cost for {n} offices? Please send a "
                    "quote.",),
    },
    "feature_request": {
        "*": (
            "Please add a proper dark mode to the app!",
            "Would love an option to export my history to CSV.",
            "Any plans for Apple Watch support?",
        ),
        "bank": ("Please let us freeze the card straight from the lock screen.",),
        "airline": ("Let us pick seats for the whole group in one go please.",),
        "retail": ("Please let me choose a delivery slot, I can't stay in all day.",),
        "telecom": ("Can you add a continue watching row on the kids' profiles?",),
    },
    "question": {
        "*": (
            "What are your customer service opening hours?",
            "How do I change the email address on my account?",
            "Is there a phone number I can call?",
        ),
        "bank": (
            "Can I use my card abroad without fees?",
            "How long does an international transfer usually take?",
        ),
        "airline": (
            "What's the hand luggage allowance on {flight}?",
            "Can I bring my cat in the cabin?",
            "Is {flight} on time today?",
        ),
        "retail": ("Do you deliver to {city}?", "What's the return window on sale items?"),
        "telecom": (
            "Does the basic plan include HD?",
            "Can I watch on two TVs at the same time?",
        ),
    },
    "praise": {
        "*": (
            "Huge thanks to {agent} on your chat team, sorted my problem in five minutes 👏",
            "Just want to say your staff were brilliant today.",
        ),
        "bank": ("Fraud team spotted a dodgy payment before I did. Impressed.",),
        "airline": ("The crew on {flight} today were amazing with my nervous daughter. "
                    "Thank you! ✈️",),
        "retail": (
            "Ordered at 9pm, arrived before lunch the next day. How?! 📦",
            "Look at this haul from {brand}! Obsessed with the new colours 😍",
        ),
        "telecom": ("Switched to {brand} last month and not a single dropout since. Happy "
                    "customer.",),
    },
    "reputation": {
        "*": (
            "{brand} quietly raised prices and hid it in the small print. Shameful.",
            "The manager at your {city} site shouted at my elderly mother and told her to "
            "leave. Disgraceful.",
        ),
        "bank": ("Staff at your {city} branch refused to serve me and made comments about "
                 "my accent.",),
        "airline": ("Gate agent at {city} mocked a passenger in a wheelchair today. I have "
                    "it on video.",),
        "retail": ("Your driver threw my parcel over the fence and swore at me when I "
                   "asked him not to. Order {order}.",),
        "telecom": ("The engineer today left rubbish all over my hallway and was on his "
                    "phone the whole visit.",),
    },
    "cancellation": {
        "*": (
            "That's it, I'm cancelling. {n} years as a customer and this is how you treat "
            "me.",
            "Moving to a competitor as soon as my contract ends.",
        ),
        "bank": ("I'm closing my account and moving everything elsewhere.",),
        "telecom": ("Cancel my subscription please. Account {order}.",),
    },
    "legal": {
        "*": (
            "If this isn't resolved by Friday I'll be speaking to my lawyer.",
            "I've reported this to the ombudsman and to trading standards.",
        ),
        "bank": ("Reporting you to the Financial Ombudsman. Ref {order}.",),
        "airline": ("Under EU261 you owe me compensation for {flight}. I'll take you to "
                    "small claims if I have to.",),
    },
    "spam": {
        "*": (
            "🚀 Turn $100 into $5,000 in a week! DM me for my crypto signals 💰",
            "Get 10K real followers in 24h 👉 check my bio",
            "Congratulations! You've been selected for a free iPhone. Claim via the link "
            "in bio.",
            "I made $8,400 this month trading from home. Ask me how 📈",
            "Buy followers, likes and views, instant delivery, best price ✅",
            "Promote your page to 2 million people. DM for rates.",
        ),
    },
    "abuse": {
        "*": (
            "{brand} is the worst company on earth",
            "you lot are an absolute joke lol",
            "clowns 🤡🤡🤡",
            "everyone who works there should be ashamed of themselves",
            "pathetic. just pathetic.",
            "hope you go bust",
            "trash company trash service trash everything",
        ),
    },
}

TAILS = {
    "cancellation": (
        "Sort it or I'm leaving.",
        "One more thing like this and I'm switching.",
    ),
    "legal": (
        "Next stop is my solicitor.",
        "I'm keeping every screenshot for the ombudsman.",
    ),
}

FOLLOW_UPS = {
    "details": (
        "Done, sent you a DM with the details.",
        "It's {order}. Paid {amount} on {date}.",
        "Sent. Ref {order}.",
    ),
    "chase": (
        "Hello? Still no answer.",
        "It's been {n} hours. Anyone there?",
        "Still waiting on this.",
    ),
    "thanks": (
        "All sorted now, thank you!",
        "That's fixed it, thanks for the quick help.",
    ),
    "unhappy": (
        "That's a copy-paste answer. I've already done all of that.",
        "You said someone would get back to me. Nobody has.",
    ),
}

REPLIES = {
    "move_to_dm": (
        "Hi {name}, sorry to hear this. Could you send us a DM with your {ref} so we can "
        "look into it?",
        "That's not what we want to hear, {name}. Please DM us your {ref} and we'll take "
        "a look straight away.",
    ),
    "ask_details": (
        "Hi {name}, thanks for getting in touch. Could you confirm your {ref} and the email "
        "address on your account?",
    ),
    "apology": (
        "Really sorry about this, {name}. We've raised it with the team and will update "
        "you within 24 hours.",
        "Thanks {name}, I've got everything I need. It's with our specialist team now.",
    ),
    "outage": (
        "We're aware some customers are having trouble with {brand} right now. Our "
        "engineers are on it and we'll post an update shortly.",
        "Sorry {name}, there's a known issue affecting some customers. We'll let you know "
        "as soon as it's fixed.",
    ),
    "sales": ("Thanks for your interest! I've passed your details to our business team "
              "and someone will contact you today.",),
    "feature": ("Great idea, {name}! We've shared it with our product team.",),
    "faq": (
        "Hi {name}, you'll find everything about this in our help centre. Let us know if "
        "we can help with anything else.",
    ),
    "thanks": (
        "Thank you so much, {name}! We'll pass this on to the team 💙",
        "This made our day, {name}. Thanks for sharing!",
    ),
    "escalated": ("Hi {name}, I'm sorry for your experience. I've escalated this to our "
                  "customer relations team, who will contact you directly today.",),
    "calm": ("Sorry you feel that way. If there's something specific we can help with, "
             "we're here.",),
}

EMAIL = {
    "greetings": ("Hello,", "Hi there,", "Dear {brand} team,", "To whom it may concern,"),
    "signoffs": ("Thanks,", "Regards,", "Kind regards,", "Cheers,"),
}

HASHTAGS = {
    "billing": ("#refund", "#customerservice"),
    "outage": ("#down", "#outage"),
    "delivery": ("#fail", "#customerservice"),
    "praise": ("#happycustomer", "#shoutout"),
    "reputation": ("#shameful", "#boycott"),
    "spam": ("#crypto", "#bitcoin", "#followback", "#giveaway"),
}

OUTAGE_BURST = {
    "openers": ("Is {brand} down?", "{brand} not working again.", "Anyone else?",
                "Seriously {brand}?", "", "Great timing {brand}."),
    "symptoms": (
        "Stuck on the loading screen for ages.",
        "Every show says error {code}.",
        "The match froze right at kick-off.",
        "Can't even open the app.",
        "Black screen on the TV app, phone app too.",
        "Keeps buffering then kicks me out.",
        "Nothing loads since {time}.",
    ),
    "extras": (
        "Paying {amount} a month for this.",
        "Restarted the router twice, nothing.",
        "Whole street is off in {city}.",
        "Kids are going mad here.",
        "",
        "",
    ),
}
