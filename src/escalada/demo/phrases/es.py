"""Spanish."""

from __future__ import annotations

from datetime import date

from escalada.demo.phrases._numbers import decimal_comma

CODE = "es"
FIRST_NAMES = ("Lucía", "Javier", "Marta", "Alejandro", "Carmen", "Diego", "Paula", "Sergio",
               "Elena", "Pablo", "Nerea", "Andrés", "Sofía", "Raúl")
LAST_NAMES = ("García", "Martínez", "López", "Sánchez", "Romero", "Navarro", "Torres", "Gil",
              "Ortega", "Castillo", "Ruiz", "Herrera")
CITIES = ("Madrid", "Sevilla", "Valencia", "Bilbao", "Málaga", "Zaragoza", "Barcelona")
BIOS = ("Madre, abogada y fan del café ☕", "Ingeniero. Opiniones propias.",
        "Viajar es mi terapia ✈️", "Del Betis hasta la muerte", "Profe de primaria")
PHONE_PREFIX = "+34600"
REF_WORDS = {"bank": "número de referencia", "airline": "código de reserva",
             "retail": "número de pedido", "telecom": "número de cliente"}


def money(value: float) -> str:
    return f"{decimal_comma(value)} €"


def short_date(day: date) -> str:
    return f"{day.day}/{day.month}"


MESSAGES = {
    "billing": {
        "*": (
            "Me habéis cobrado dos veces lo mismo: {amount} el {date}. Quiero que me "
            "devolváis el cargo duplicado.",
            "Sigo esperando el reembolso de {amount}. Me dijeron que tardaría una semana y "
            "ya van {n}.",
        ),
        "bank": ("La tarjeta acabada en {last4} tiene dos cargos de {amount} del mismo "
                 "comercio el {date}. Referencia {order}.",),
        "retail": ("Devolví el pedido {order} el {date} y el reembolso de {amount} no "
                   "llega.",),
        "telecom": ("La factura de este mes es de {amount} y tengo tarifa fija. Cliente "
                    "{order}.",),
    },
    "outage": {
        "*": ("¿Se ha caído {brand}? La app no carga desde las {time}.",
              "La web lleva una hora dando error, no puedo hacer nada."),
        "telecom": ("Sin internet desde las {time} en {city}. El router tiene todas las "
                    "luces en rojo.",),
    },
    "delivery": {
        "retail": (
            "El pedido {order} tenía que llegar el {date} y el seguimiento no se mueve "
            "desde hace {n} días.",
            "Me ha llegado la caja aplastada y el producto roto. Pedido {order}.",
            "Pedí unas zapatillas y me habéis mandado una funda de móvil. Pedido {order}.",
        ),
        "airline": ("Mi maleta no ha llegado a {city} en el vuelo {flight} y nadie me da "
                    "información.",),
        "bank": ("Pedí la tarjeta nueva el {date} y todavía no ha llegado.",),
        "telecom": ("El router nuevo tenía que llegar el {date} y no hay ni rastro.",),
    },
    "account": {
        "*": ("No puedo entrar en mi cuenta y el correo para cambiar la contraseña no "
              "llega nunca.",
              "Alguien ha entrado en mi cuenta y ha cambiado el email. Creo que me han "
              "hackeado."),
    },
    "technical": {
        "*": ("La app se cierra sola cada vez que la abro desde la última actualización.",
              "Me sale el error {code} al intentar cambiar mis datos."),
    },
    "sales_lead": {
        "*": ("Hola, ¿qué precio tendría para una empresa de unos {n}0 empleados? "
              "Queremos una demo.",
              "¿Me podéis pasar un presupuesto para {n}00 unidades? Es para nuestra "
              "oficina en {city}."),
    },
    "feature_request": {
        "*": ("Por favor, añadid modo oscuro a la app.",
              "Estaría genial poder exportar los movimientos a Excel."),
    },
    "question": {
        "*": ("¿Cuál es el horario de atención al cliente?",
              "¿Cómo cambio el correo electrónico de mi cuenta?"),
        "airline": ("¿Cuánto equipaje de mano puedo llevar en el vuelo {flight}?",),
        "retail": ("¿Hacéis envíos a {city}?",),
    },
    "praise": {
        "*": ("Mil gracias a {agent} del chat, me lo solucionó en cinco minutos 👏",
              "Da gusto que te atiendan así de bien. ¡Gracias {brand}! ❤️"),
        "airline": ("La tripulación del {flight} fue encantadora con mi hija. ¡Gracias! ✈️",),
    },
    "reputation": {
        "*": ("El encargado de vuestra tienda de {city} le gritó a mi madre delante de "
              "todos. Una vergüenza.",
              "{brand} ha subido los precios sin avisar y lo esconde en la letra pequeña."),
    },
    "cancellation": {
        "*": ("Me doy de baja. {n} años de cliente para esto.",
              "En cuanto termine la permanencia me voy a la competencia."),
    },
    "legal": {
        "*": ("Si no lo solucionáis esta semana, lo pongo en manos de mi abogado.",
              "Ya he puesto una reclamación en consumo."),
    },
    "spam": {
        "*": ("🚀 Gana 3.000 € al mes con criptomonedas desde casa. ¡Escríbeme por MD! 💰",
              "Consigue 10.000 seguidores reales en 24 horas 👉 mira mi perfil"),
    },
    "abuse": {
        "*": ("sois la peor empresa del mundo", "menuda panda de payasos 🤡",
              "ojalá cerréis mañana"),
    },
}

TAILS = {
    "cancellation": ("O lo arregláis o me voy.",),
    "legal": ("El siguiente paso es mi abogado.",),
}

FOLLOW_UPS = {
    "details": ("Ya os he mandado un MD con los datos.", "Es el {order}, pagué {amount} el "
                "{date}."),
    "chase": ("¿Hola? Sigo sin respuesta.", "Llevo {n} horas esperando."),
    "thanks": ("Ya está solucionado, ¡gracias!",),
    "unhappy": ("Eso es una respuesta automática. Ya lo he hecho todo.",),
}

REPLIES = {
    "move_to_dm": ("Hola {name}, sentimos lo ocurrido. ¿Nos envías un MD con tu {ref} para "
                   "revisarlo?",),
    "ask_details": ("Hola {name}, gracias por escribirnos. ¿Nos confirmas tu {ref} y el "
                    "email de tu cuenta?",),
    "apology": ("Lo sentimos mucho, {name}. Ya lo hemos pasado al equipo y te diremos algo "
                "en 24 horas.",),
    "outage": ("Sabemos que algunos clientes tienen problemas con {brand} ahora mismo. "
               "Estamos trabajando en ello y te avisaremos en cuanto esté resuelto.",),
    "sales": ("¡Gracias por tu interés! Hemos pasado tus datos a nuestro equipo comercial y "
              "te contactarán hoy.",),
    "feature": ("¡Buena idea, {name}! Se la pasamos al equipo de producto.",),
    "faq": ("Hola {name}, tienes toda la información en nuestro centro de ayuda. Si "
            "necesitas algo más, aquí estamos.",),
    "thanks": ("¡Muchísimas gracias, {name}! Se lo diremos al equipo 💙",),
    "escalated": ("Hola {name}, lamentamos mucho tu experiencia. Lo hemos escalado a "
                  "nuestro equipo de atención al cliente y te llamarán hoy mismo.",),
    "calm": ("Sentimos que lo veas así. Si hay algo concreto en lo que podamos ayudarte, "
             "escríbenos.",),
}

EMAIL = {"greetings": ("Hola,", "Buenos días,"), "signoffs": ("Saludos,", "Un saludo,")}

OUTAGE_BURST = {
    "openers": ("¿Se ha caído {brand}?", "Otra vez {brand} sin funcionar.", "¿A alguien más "
                "le pasa?", ""),
    "symptoms": ("No carga nada desde las {time}.", "Pantalla negra en la tele y en el "
                 "móvil.", "Todas las series dan el error {code}.", "Se corta el partido "
                 "cada dos minutos."),
    "extras": ("Y pagando {amount} al mes.", "He reiniciado el router y nada.", "", "😤"),
}
