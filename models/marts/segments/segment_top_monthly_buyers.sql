{{ segment_purchasers(min_purchases=var('top_monthly_buyers_min_purchases', 3), window_days=30) }}
