"""Phrases the reply guard looks for, per language (regular-expression fragments).

Keys are ISO 639-1 codes. Fragments are matched case-insensitively; Latin-script
languages get word boundaries around each fragment, Chinese none. Keep each list
short and specific: a false alarm trains agents to ignore the guard.
"""

from __future__ import annotations

LANGUAGES = ("en", "es", "pt", "fr", "de", "it", "pl", "ro", "nl", "zh")

# Words that make the customer's problem sound trivial.
MINIMISING: dict[str, list[str]] = {
    "en": [r"just", r"simply", r"obviously", r"clearly", r"all you (?:have|need) to do",
           r"of course", r"easy", r"merely"],
    "es": [r"simplemente", r"solo tiene que", r"solo tienes que", r"obviamente", r"claramente",
           r"basta con", r"es fácil", r"lo único que (?:tiene|tienes) que hacer"],
    "pt": [r"simplesmente", r"basta", r"obviamente", r"claramente", r"é só", r"é fácil",
           r"só precisa"],
    "fr": [r"simplement", r"il suffit de", r"vous n'avez qu'à", r"évidemment", r"bien sûr",
           r"c'est facile", r"tout ce que vous avez à faire"],
    "de": [r"einfach", r"offensichtlich", r"natürlich", r"Sie müssen nur", r"du musst nur",
           r"ganz leicht", r"bloß"],
    "it": [r"semplicemente", r"basta", r"ovviamente", r"chiaramente", r"è facile",
           r"tutto quello che deve fare"],
    "pl": [r"po prostu", r"wystarczy", r"oczywiście", r"to proste", r"jedyne co musi"],
    "ro": [r"pur și simplu", r"doar trebuie", r"evident", r"este simplu", r"e simplu",
           r"tot ce trebuie să faceți"],
    "nl": [r"gewoon", r"simpelweg", r"uiteraard", r"duidelijk", r"u hoeft alleen",
           r"je hoeft alleen", r"het is makkelijk"],
    "zh": [r"只需要", r"只要", r"显然", r"很简单", r"当然"],
}

# Phrases that put the fault on the customer.
BLAMING: dict[str, list[str]] = {
    "en": [r"you should have", r"you didn'?t", r"you failed to", r"your (?:fault|mistake|error)",
           r"as we (?:already )?(?:said|told you|explained)", r"you must have", r"user error",
           r"if you had read"],
    "es": [r"usted debió", r"debiste", r"no (?:leyó|leíste)", r"es (?:su|tu) culpa",
           r"como ya (?:le|te) dijimos", r"(?:su|tu) error"],
    "pt": [r"você deveria ter", r"a culpa é sua", r"você não leu", r"como já dissemos",
           r"erro seu"],
    "fr": [r"vous auriez dû", r"c'est votre faute", r"vous n'avez pas lu", r"comme déjà dit",
           r"votre erreur", r"comme nous vous l'avons dit"],
    "de": [r"Sie hätten", r"Ihre Schuld", r"Ihr Fehler", r"wie bereits gesagt",
           r"Sie haben nicht gelesen", r"selbst schuld"],
    "it": [r"avrebbe dovuto", r"è colpa sua", r"colpa tua", r"come già detto", r"errore suo",
           r"non ha letto"],
    "pl": [r"powinien pan był", r"powinna pani była", r"to pana wina", r"to pani wina",
           r"jak już mówiliśmy", r"pana błąd", r"pani błąd"],
    "ro": [r"ar fi trebuit să", r"este vina dumneavoastră", r"e vina ta", r"cum am mai spus",
           r"greșeala dumneavoastră"],
    "nl": [r"had u moeten", r"had je moeten", r"uw eigen schuld", r"je eigen schuld",
           r"zoals al gezegd", r"uw fout"],
    "zh": [r"你应该", r"是你的错", r"你自己的问题", r"我们已经说过"],
}

# Corporate clichés that sound like a form letter.
CLICHES: dict[str, list[str]] = {
    "en": [r"we apologi[sz]e for any inconvenience", r"your (?:call|message) is important to us",
           r"we value your (?:business|feedback)", r"as per our policy",
           r"we take (?:this|your \w+) (?:very )?seriously", r"sorry for any inconvenience caused",
           r"thank you for your patience and understanding"],
    "es": [r"disculpe las molestias", r"lamentamos las molestias ocasionadas",
           r"su (?:llamada|opinión) es importante para nosotros", r"según nuestra política"],
    "pt": [r"pedimos desculpas pelo transtorno", r"lamentamos o inconveniente",
           r"sua (?:ligação|opinião) é importante para nós", r"conforme nossa política"],
    "fr": [r"nous nous excusons pour la gêne occasionnée", r"désolés pour la gêne occasionnée",
           r"votre (?:appel|avis) est important pour nous", r"conformément à notre politique"],
    "de": [r"wir entschuldigen uns für (?:die|etwaige) Unannehmlichkeiten",
           r"Ihr (?:Anruf|Feedback) ist uns wichtig", r"gemäß unseren Richtlinien"],
    "it": [r"ci scusiamo per (?:il|l'eventuale) disagio", r"la sua (?:chiamata|opinione) è importante per noi",
           r"come da nostra politica"],
    "pl": [r"przepraszamy za wszelkie niedogodności", r"pana opinia jest dla nas ważna",
           r"zgodnie z naszą polityką"],
    "ro": [r"ne cerem scuze pentru inconvenient", r"opinia dumneavoastră este importantă pentru noi",
           r"conform politicii noastre"],
    "nl": [r"excuses voor het eventuele ongemak", r"onze excuses voor het ongemak",
           r"uw (?:mening|telefoontje) is belangrijk voor ons", r"volgens ons beleid"],
    "zh": [r"给您带来的不便敬请谅解", r"对此造成的不便深表歉意", r"根据我们的政策"],
}

# Jokes and laughter: fine for praise, wrong on a serious case.
HUMOUR: dict[str, list[str]] = {
    "en": [r"ha(?:ha)+", r"lol", r"lmao", r"rofl", r"jk", r"just kidding"],
    "es": [r"ja(?:ja)+", r"jeje(?:je)*", r"es broma"],
    "pt": [r"k{3,}", r"rs(?:rs)+", r"ha(?:ha)+", r"brincadeira"],
    "fr": [r"mdr", r"ptdr", r"ha(?:ha)+", r"je plaisante"],
    "de": [r"haha(?:ha)*", r"hihi", r"nur ein Scherz", r"Spaß beiseite"],
    "it": [r"ah(?:ah)+", r"scherzo", r"ahah"],
    "pl": [r"ha(?:ha)+", r"żartuję", r"xD"],
    "ro": [r"ha(?:ha)+", r"glumesc"],
    "nl": [r"haha(?:ha)*", r"grapje"],
    "zh": [r"哈哈+", r"开玩笑", r"嘻嘻"],
}
HUMOUR_EMOJI = r"[\U0001F602\U0001F923\U0001F61C\U0001F61D\U0001F92A\U0001F606]"

# Sensitive data a customer should only share privately: (kind, noun phrases).
SENSITIVE: dict[str, list[tuple[str, str]]] = {
    "en": [("account number", r"account (?:number|no\.?|id)|IBAN"),
           ("order number", r"order (?:number|no\.?|id)|tracking number"),
           ("email address", r"e-?mail(?: address)?"),
           ("phone number", r"(?:phone|mobile|cell) number|phone"),
           ("address", r"(?:home|postal|shipping|billing|street) address|address"),
           ("card data", r"(?:card|credit card|debit card) (?:number|details)|CVV|CVC|security code|expiry date|PIN"),
           ("password", r"password|passcode|one-time code|OTP")],
    "es": [("account number", r"número de cuenta|IBAN"),
           ("order number", r"número de (?:pedido|orden|seguimiento)"),
           ("email address", r"(?:correo(?: electrónico)?|e-?mail)"),
           ("phone number", r"(?:número de )?(?:teléfono|móvil|celular)"),
           ("address", r"dirección(?: postal| de envío)?|domicilio"),
           ("card data", r"(?:número|datos) de (?:la )?tarjeta|CVV|código de seguridad|PIN"),
           ("password", r"contraseña|clave")],
    "pt": [("account number", r"número da conta|IBAN"),
           ("order number", r"número do pedido|código de rastreio"),
           ("email address", r"e-?mail"),
           ("phone number", r"(?:número de )?(?:telefone|celular|telemóvel)"),
           ("address", r"endereço|morada"),
           ("card data", r"(?:número|dados) do cartão|CVV|código de segurança|PIN"),
           ("password", r"senha|palavra-passe")],
    "fr": [("account number", r"numéro de compte|IBAN"),
           ("order number", r"numéro de (?:commande|suivi)"),
           ("email address", r"(?:adresse )?e-?mail|courriel"),
           ("phone number", r"numéro de (?:téléphone|portable)|téléphone"),
           ("address", r"adresse(?: postale| de livraison)?"),
           ("card data", r"(?:numéro|données) de (?:la )?carte|cryptogramme|CVV|code PIN"),
           ("password", r"mot de passe")],
    "de": [("account number", r"Kontonummer|Kundennummer|IBAN"),
           ("order number", r"Bestellnummer|Auftragsnummer|Sendungsnummer"),
           ("email address", r"E-?Mail(?:-Adresse)?"),
           ("phone number", r"Telefonnummer|Handynummer|Rufnummer"),
           ("address", r"Adresse|Anschrift|Lieferadresse"),
           ("card data", r"Kartennummer|Kreditkarten(?:nummer|daten)|Prüfnummer|CVV|PIN"),
           ("password", r"Passwort|Kennwort")],
    "it": [("account number", r"numero (?:di|del) conto|IBAN"),
           ("order number", r"numero (?:d'ordine|dell'ordine|di tracking|di spedizione)"),
           ("email address", r"(?:indirizzo )?e-?mail"),
           ("phone number", r"numero di (?:telefono|cellulare)|telefono"),
           ("address", r"indirizzo(?: di casa| di spedizione)?"),
           ("card data", r"(?:numero|dati) (?:della )?carta|CVV|codice di sicurezza|PIN"),
           ("password", r"password")],
    "pl": [("account number", r"numer (?:konta|rachunku)|IBAN"),
           ("order number", r"numer zamówienia|numer przesyłki"),
           ("email address", r"(?:adres )?e-?mail"),
           ("phone number", r"numer telefonu|telefon"),
           ("address", r"adres(?: zamieszkania| dostawy)?"),
           ("card data", r"(?:numer|dane) karty|CVV|kod PIN"),
           ("password", r"hasło")],
    "ro": [("account number", r"numărul (?:de )?cont(?:ului)?|IBAN"),
           ("order number", r"numărul (?:de )?comenzii|număr(?:ul)? de comandă|AWB"),
           ("email address", r"(?:adresa de )?e-?mail"),
           ("phone number", r"număr(?:ul)? de telefon|telefon"),
           ("address", r"adres[aă](?: de livrare)?"),
           ("card data", r"(?:numărul|datele) cardului|CVV|cod PIN"),
           ("password", r"parol[aă]")],
    "nl": [("account number", r"rekeningnummer|klantnummer|IBAN"),
           ("order number", r"bestelnummer|ordernummer|trackingnummer"),
           ("email address", r"e-?mail(?:adres)?"),
           ("phone number", r"telefoonnummer|mobiele nummer"),
           ("address", r"(?:woon|bezorg|post)?adres"),
           ("card data", r"(?:kaart|creditcard)(?:nummer|gegevens)|CVV|pincode"),
           ("password", r"wachtwoord")],
    "zh": [("account number", r"账号|账户号码|银行账户"),
           ("order number", r"订单号|运单号"),
           ("email address", r"邮箱|电子邮件"),
           ("phone number", r"电话号码|手机号"),
           ("address", r"地址|住址"),
           ("card data", r"卡号|信用卡|安全码|CVV|密码"),
           ("password", r"登录密码")],
}

# Request verbs: a sentence that names sensitive data after one of these asks for it.
ASK_VERBS: dict[str, str] = {
    "en": r"send|share|provide|give|tell|post|confirm|include|reply with|need|what(?:'s| is| was)",
    "es": r"envíe|envía|envíenos|compart[ae]|indíque(?:nos)?|facilíte(?:nos)?|dínos|díganos|confirm[ae]|necesitamos|cuál es",
    "pt": r"envie|mande|partilhe|compartilhe|informe|confirme|diga|precisamos|qual é",
    "fr": r"envoyez|envoie|communiquez|donnez|indiquez|partagez|confirmez|avons besoin|quel est|quelle est",
    "de": r"senden|schicken|nennen|teilen|bestätigen|geben|brauchen|wie lautet|was ist",
    "it": r"invii|inviaci|mandi|indichi|comunichi|condivida|confermi|ci serve|abbiamo bisogno|qual è",
    "pl": r"podać|przesłać|wysłać|podaj|prześlij|potwierdź|potrzebujemy|jaki jest",
    "ro": r"trimiteți|comunicați|spuneți|confirmați|furnizați|avem nevoie|care este",
    "nl": r"stuur|deel|geef|bevestig|laat (?:ons )?weten|hebben .{0,20}nodig|wat is",
    "zh": r"请提供|请发送|请告诉|发给|提供|告诉我们",
}

# Possessives: "your order number?" as a question asks for it too.
POSSESSIVES: dict[str, str] = {
    "en": r"your",
    "es": r"su|tu",
    "pt": r"seu|sua|o seu|a sua",
    "fr": r"votre|ton|ta",
    "de": r"Ihre|Ihren|Ihr|deine|deinen|dein",
    "it": r"suo|sua|il suo|la sua|tuo|tua",
    "pl": r"pana|pani|twój|twoje|twoja",
    "ro": r"dumneavoastră|tău|ta",
    "nl": r"uw|je|jouw",
    "zh": r"您的|你的",
}

# Negations: "never share your password" warns, it does not ask.
NEGATIONS: dict[str, str] = {
    "en": r"never|don'?t|do not|no need to|not",
    "es": r"nunca|no",
    "pt": r"nunca|não",
    "fr": r"jamais|ne|n'",
    "de": r"niemals|nie|nicht|keine|keinen",
    "it": r"mai|non",
    "pl": r"nigdy|nie",
    "ro": r"niciodată|nu",
    "nl": r"nooit|niet|geen",
    "zh": r"不要|请勿|切勿|不会",
}

# Cues that the reply already moves the exchange to a private channel: asking for the
# data there is the right advice, not a leak.
PRIVATE_CHANNEL: dict[str, str] = {
    "en": r"DM|direct message|private message|message us privately|inbox us|PM",
    "es": r"MD|DM|mensaje (?:privado|directo)|por privado",
    "pt": r"DM|mensagem (?:privada|direta)|inbox|no privado|por privado",
    "fr": r"MP|DM|message privé|en privé",
    "de": r"DM|PN|Direktnachricht|private Nachricht|privat",
    "it": r"DM|messaggio privato|messaggio diretto|in privato",
    "pl": r"DM|wiadomości prywatnej|wiadomość prywatną|priv|na priv",
    "ro": r"DM|mesaj privat|mesaj direct|în privat",
    "nl": r"DM|privébericht|direct bericht|privé",
    "zh": r"私信|私聊|私下",
}

# Street words for spotting a postal address written out (number + street word).
STREET_WORDS = (
    r"street|st\.|avenue|ave\.?|road|rd\.|boulevard|blvd\.?|lane|drive|"
    r"calle|avenida|av\.|rua|travessa|rue|boulevard|chemin|straße|strasse|str\.|weg|platz|"
    r"via|viale|piazza|ulica|ul\.|aleja|strada|str\.|bulevardul|straat|laan|plein|gracht"
)
