"""Portuguese, as written in Brazil."""

from __future__ import annotations

from datetime import date

from escalada.demo.phrases._numbers import decimal_comma

CODE = "pt"
FIRST_NAMES = ("Ana", "João", "Beatriz", "Lucas", "Mariana", "Rafael", "Juliana", "Thiago",
               "Camila", "Gustavo", "Larissa", "Felipe")
LAST_NAMES = ("Silva", "Santos", "Oliveira", "Souza", "Costa", "Pereira", "Almeida",
              "Ferreira", "Ribeiro", "Carvalho")
CITIES = ("São Paulo", "Rio de Janeiro", "Belo Horizonte", "Recife", "Curitiba", "Lisboa")
BIOS = ("Mãe de pet 🐶", "Engenheira | corredora", "Flamenguista ❤️🖤", "Vivendo um dia de "
        "cada vez", "Designer e viciado em café")
PHONE_PREFIX = "+5511900"
REF_WORDS = {"bank": "número de referência", "airline": "código da reserva",
             "retail": "número do pedido", "telecom": "número de cliente"}


def money(value: float) -> str:
    return "R$ " + decimal_comma(value * 5)


def short_date(day: date) -> str:
    return f"{day.day:02d}/{day.month:02d}"


MESSAGES = {
    "billing": {
        "*": (
            "Fui cobrado duas vezes pela mesma coisa: {amount} no dia {date}. Quero o "
            "estorno da cobrança duplicada.",
            "Ainda estou esperando o reembolso de {amount}. Já se passaram {n} semanas.",
        ),
        "bank": ("Meu cartão final {last4} teve duas compras de {amount} na mesma loja no "
                 "dia {date}. Protocolo {order}.",),
        "telecom": ("Minha fatura veio {amount} este mês e meu plano é fixo. Cliente "
                    "{order}.",),
    },
    "outage": {
        "*": ("O {brand} caiu? O app não abre desde as {time}.",
              "O site está dando erro há uma hora, não consigo fazer nada."),
    },
    "delivery": {
        "retail": (
            "Meu pedido {order} era para chegar no dia {date} e o rastreio está parado há "
            "{n} dias.",
            "A caixa chegou amassada e o produto quebrado. Pedido {order}.",
        ),
        "airline": ("Minha mala não chegou em {city} no voo {flight}. Ninguém no balcão "
                    "sabe de nada.",),
        "bank": ("Pedi o cartão novo no dia {date} e até agora não chegou.",),
        "telecom": ("O roteador novo era para chegar no dia {date} e nada.",),
    },
    "account": {
        "*": ("Não consigo entrar na minha conta e o e-mail para trocar a senha não chega.",
              "Alguém invadiu minha conta e trocou meu e-mail. Acho que fui hackeado."),
    },
    "technical": {
        "*": ("O app fecha sozinho toda vez que eu abro, desde a última atualização.",
              "Aparece o erro {code} quando tento atualizar meus dados."),
    },
    "sales_lead": {
        "*": ("Olá, quanto custa para uma empresa com uns {n}0 funcionários? Gostaríamos "
              "de uma demonstração.",
              "Vocês podem me mandar um orçamento para {n}00 unidades?"),
    },
    "feature_request": {
        "*": ("Por favor, coloquem modo escuro no app!",
              "Seria ótimo poder exportar o histórico em planilha."),
    },
    "question": {
        "*": ("Qual é o horário de atendimento?", "Como faço para mudar o e-mail da minha "
              "conta?"),
        "retail": ("Vocês entregam em {city}?",),
    },
    "praise": {
        "*": ("Obrigada, {agent} do chat, resolveu tudo em cinco minutos 👏",
              "Atendimento nota 10! Valeu, {brand} 🙌"),
    },
    "reputation": {
        "*": ("O gerente da loja de {city} gritou com a minha mãe na frente de todo mundo. "
              "Uma vergonha.",),
    },
    "cancellation": {
        "*": ("Vou cancelar. {n} anos de cliente para ser tratado assim.",),
    },
    "legal": {
        "*": ("Se não resolverem até sexta, vou entrar com uma ação e abrir reclamação no "
              "Procon.",),
    },
    "spam": {
        "*": ("💰 Ganhe R$ 5.000 por semana com cripto! Me chama no direct 🚀",
              "Compre seguidores reais, entrega imediata ✅"),
    },
    "abuse": {
        "*": ("empresa lixo", "vocês são uma piada 🤡", "tomara que vão à falência"),
    },
}

TAILS = {
    "cancellation": ("Ou resolvem ou eu cancelo.",),
    "legal": ("O próximo passo é o meu advogado.",),
}

FOLLOW_UPS = {
    "details": ("Já mandei os dados por DM.", "É o {order}, paguei {amount} no dia {date}."),
    "chase": ("Oi? Continuo sem resposta.", "Já são {n} horas esperando."),
    "thanks": ("Resolvido, muito obrigado!",),
    "unhappy": ("Isso é resposta pronta. Já fiz tudo isso.",),
}

REPLIES = {
    "move_to_dm": ("Oi {name}, sentimos muito. Pode nos enviar uma DM com o {ref} para "
                   "verificarmos?",),
    "ask_details": ("Oi {name}, obrigado pelo contato. Pode confirmar o {ref} e o e-mail da "
                    "sua conta?",),
    "apology": ("Sentimos muito, {name}. Já encaminhamos para a equipe e voltamos em até 24 "
                "horas.",),
    "outage": ("Sabemos que alguns clientes estão com problemas no {brand} agora. Nossa "
               "equipe já está trabalhando nisso.",),
    "sales": ("Obrigado pelo interesse! Passamos seus dados para o time comercial, que vai "
              "entrar em contato hoje.",),
    "feature": ("Ótima ideia, {name}! Vamos levar para o time de produto.",),
    "faq": ("Oi {name}, você encontra tudo na nossa central de ajuda. Qualquer coisa, é só "
            "chamar.",),
    "thanks": ("Muito obrigado, {name}! Vamos repassar para a equipe 💙",),
    "escalated": ("Oi {name}, lamentamos muito. Encaminhamos seu caso para a nossa equipe "
                  "de relacionamento, que vai falar com você hoje.",),
    "calm": ("Sentimos que pense assim. Se tiver algo específico, estamos aqui para "
             "ajudar.",),
}

EMAIL = {"greetings": ("Olá,", "Bom dia,"), "signoffs": ("Atenciosamente,", "Obrigado,")}

OUTAGE_BURST = {
    "openers": ("O {brand} caiu?", "{brand} fora do ar de novo.", "Só comigo?", ""),
    "symptoms": ("Nada carrega desde as {time}.", "Tela preta na TV e no celular.",
                 "Todo episódio dá erro {code}.", "O jogo travou bem na hora do gol."),
    "extras": ("E eu pagando {amount} por mês.", "Já reiniciei o roteador duas vezes.", "",
               "😡"),
}
