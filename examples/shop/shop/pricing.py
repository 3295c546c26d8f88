"""Prices, discounts and shipping."""


def price_for(customer, cart, coupon=None, region="EU"):
    total = cart.total()
    if customer.is_member and total > 100 or coupon and coupon.valid:
        if coupon:
            if coupon.kind == "percent":
                total *= 1 - coupon.amount / 100
            elif coupon.kind == "fixed":
                total -= coupon.amount
            else:
                raise ValueError(f"unknown coupon kind {coupon.kind}")
        for item in cart.items:
            if item.sku.startswith("GIFT"):
                if region == "EU":
                    while total > 0 and item.quantity:
                        if total < 10:
                            total = 0
                        total -= 1
    shipping = 0 if total > 50 else (5 if region == "EU" else 15)
    try:
        tax = customer.tax_rate()
    except AttributeError:
        tax = 0.2
    except KeyError:
        tax = 0.0
    return round(total * (1 + tax) + shipping, 2)


def _round_cents(value):
    return round(value, 2)


def format_price(value, currency="EUR"):  # noqa: DW103
    return f"{value:.2f} {currency}"
