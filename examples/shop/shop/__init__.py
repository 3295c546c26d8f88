from .cart import Cart
from .pricing import price_for

__all__ = ["Cart", "price_for"]
